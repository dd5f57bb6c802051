import { inspect } from 'node:util';
import { Writable } from 'node:stream';
import { SecretValue } from '../../src/kernel/secret';
import { createLogger } from '../../src/platform/logger';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('SecretValue', () => {
  it('never prints, serialises or inspects as the secret; only reveal() does', () => {
    const value = new SecretValue(SECRET);
    expect(String(value)).toBe('[redacted]');
    expect(`${value}`).toBe('[redacted]');
    expect(JSON.stringify({ value })).toBe('{"value":"[redacted]"}');
    expect(inspect({ nested: { value } })).not.toContain(SECRET);
    expect(value.reveal()).toBe(SECRET);
  });
});

describe('logger redaction (security rule 6)', () => {
  it('redacts secret-bearing fields at any depth we log, and SecretValue objects', () => {
    const lines: string[] = [];
    const log = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    log.info({ SecretAccessKey: SECRET }, 'top');
    log.info({ AccessKey: { SecretAccessKey: SECRET } }, 'nested');
    log.info({ answer: { AccessKey: { SecretAccessKey: SECRET } } }, 'deeper');
    log.info({ key: { secret: new SecretValue(SECRET) } }, 'value object');
    log.info({ config: { slack: { botToken: 'xoxb-123', signingSecret: 'abc' } } }, 'config');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).not.toContain(SECRET);
    expect(lines.join('')).not.toContain('xoxb-123');
  });
});
