import fc from 'fast-check';
import { parseExposureEvent } from '../../../../src/features/exposure/domain/exposure-events';
import { healthEvent, inSns, trustedAdvisorEvent } from '../../../support/exposure-events';

const NOW = new Date('2026-12-07T04:00:00Z');
const KEY = 'AKIAEXPOSED000000001';

describe('parseExposureEvent: what AWS sends when a key leaks', () => {
  it('a Health risk event: the key, the account, the code, the region and time', () => {
    expect(parseExposureEvent(JSON.stringify(healthEvent(KEY, { region: 'us-west-2' })), NOW)).toEqual({
      kind: 'reports',
      reports: [
        {
          keyId: KEY,
          accountId: '123456789012',
          source: {
            kind: 'health',
            code: 'AWS_RISK_CREDENTIALS_EXPOSED',
            at: new Date('2026-12-07T03:00:00Z'),
            region: 'us-west-2',
          },
        },
      ],
    });
  });

  it.each([
    'AWS_RISK_CREDENTIALS_EXPOSED',
    'AWS_RISK_CREDENTIALS_EXPOSURE_SUSPECTED',
    'AWS_RISK_CREDENTIALS_COMPROMISED',
    'AWS_RISK_CREDENTIALS_COMPROMISE_SUSPECTED',
    'AWS_RISK_IAM_QUARANTINE',
  ])('%s, also inside an SNS notification', (code) => {
    const parsed = parseExposureEvent(JSON.stringify(inSns(healthEvent(KEY, { code }))), NOW);
    expect(parsed).toMatchObject({ kind: 'reports', reports: [{ keyId: KEY, source: { code } }] });
  });

  it('Trusted Advisor: the leak URL, fraud type and case id', () => {
    const parsed = parseExposureEvent(JSON.stringify(trustedAdvisorEvent(KEY, 'alice')), NOW);
    expect(parsed).toMatchObject({
      kind: 'reports',
      reports: [
        {
          keyId: KEY,
          source: {
            kind: 'trusted-advisor',
            url: 'https://github.com/example/leak/blob/main/config.py',
            note: 'Exposed, case 02648f3b-e0f6-4e0b-a4c9-f8f5b3b9f0c1',
          },
        },
      ],
    });
  });

  it('ignores other Health codes, other services, a check in OK, and a javascript: location', () => {
    const other = healthEvent(KEY, { code: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED' });
    expect(parseExposureEvent(JSON.stringify(other), NOW).kind).toBe('ignored');
    const ok = trustedAdvisorEvent(KEY, 'alice') as { detail: Record<string, unknown> };
    expect(
      parseExposureEvent(JSON.stringify({ ...ok, detail: { ...ok.detail, status: 'OK' } }), NOW).kind,
    ).toBe('ignored');
    const script = trustedAdvisorEvent(KEY, 'alice') as {
      detail: { 'check-item-detail': Record<string, string> };
    };
    script.detail['check-item-detail'].Location = 'javascript:alert(1)';
    const parsed = parseExposureEvent(JSON.stringify(script), NOW);
    expect(parsed.kind === 'reports' && parsed.reports[0]?.source.url).toBeUndefined();
  });

  it('never throws, and an ignored body is never echoed in the reason', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (body) => {
        const parsed = parseExposureEvent(body, NOW);
        if (parsed.kind === 'ignored' && body.length > 12) expect(parsed.why).not.toContain(body);
      }),
    );
  });
});
