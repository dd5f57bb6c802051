import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parsePolicy } from '../../src/platform/config';

const dir = mkdtempSync(join(tmpdir(), 'keywarden-exposure-config-'));
function policyFile(text: string): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(path, text);
  return path;
}
const baseEnv = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/keywarden-exposure';

describe('the exposure block and KEYWARDEN_EXPOSURE_QUEUE_URL', () => {
  it('defaults: deactivate on, 7 days, regions left to AWS_REGION', () => {
    expect(parsePolicy('exposure: { channel: C0INCIDENTS }', 'p.yml').exposure).toEqual({
      channel: 'C0INCIDENTS',
      deactivate: true,
      activityDays: 7,
    });
  });

  it.each([
    ['exposure: { channel: C0INCIDENTS, activityDays: 91 }', 'exposure.activityDays'],
    ['exposure: { channel: C0INCIDENTS, regions: [Europe] }', 'exposure.regions.0'],
    ['exposure: { channel: general }', 'exposure.channel'],
    ['exposure: { channel: C0INCIDENTS, delete: true }', 'exposure'],
  ])('%s fails naming %s', (yaml, field) => {
    expect(() => parsePolicy(yaml, 'p.yml')).toThrow(`p.yml: ${field}:`);
  });

  it('the queue URL is read; without an exposure channel it is a start-up error', () => {
    const withChannel = loadConfig({
      ...baseEnv,
      KEYWARDEN_CONFIG: policyFile('exposure: { channel: C0INCIDENTS }'),
      KEYWARDEN_EXPOSURE_QUEUE_URL: QUEUE,
    });
    expect(withChannel.exposureQueueUrl).toBe(QUEUE);
    expect(() =>
      loadConfig({ ...baseEnv, KEYWARDEN_CONFIG: policyFile('{}'), KEYWARDEN_EXPOSURE_QUEUE_URL: QUEUE }),
    ).toThrow('exposure.channel: is required when KEYWARDEN_EXPOSURE_QUEUE_URL is set');
    expect(() =>
      loadConfig({ ...baseEnv, KEYWARDEN_CONFIG: policyFile('{}'), KEYWARDEN_EXPOSURE_QUEUE_URL: 'queue' }),
    ).toThrow('environment: KEYWARDEN_EXPOSURE_QUEUE_URL:');
  });

  it('keywarden.example.yml has a valid exposure block', () => {
    const config = loadConfig({ ...baseEnv, KEYWARDEN_CONFIG: 'keywarden.example.yml' });
    expect(config.policy.exposure).toMatchObject({
      channel: 'C0INCIDENTS',
      deactivate: true,
      activityDays: 7,
    });
  });
});
