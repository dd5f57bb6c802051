import { parsePolicy } from '../../src/platform/config';

const report = (fields: string) => `reports: [{ channel: C0SECOPS, ${fields} }]`;

describe('reports: schedule and time zone are checked when the policy loads', () => {
  it.each([
    [
      'a minute out of range',
      report('schedule: "61 9 * * MON"'),
      'p.yml: reports.0.schedule: is not a cron expression: Invalid value for minute: 61',
    ],
    [
      'too few fields',
      report('schedule: "every monday"'),
      'p.yml: reports.0.schedule: is not a cron expression',
    ],
    ['a date that never comes', report('schedule: "0 9 31 2 *"'), 'p.yml: reports.0.schedule: never runs'],
    [
      'an unknown time zone',
      report('schedule: "0 9 * * MON", timezone: Mars/Olympus'),
      'p.yml: reports.0.timezone: must be an IANA time zone',
    ],
  ])('rejects %s, naming the field', (_name, yaml, expected) => {
    expect(() => parsePolicy(yaml, 'p.yml')).toThrow(expected);
  });

  it('accepts five or six fields and a named zone', () => {
    const policy = parsePolicy(
      `reports:
  - { channel: C0SECOPS, schedule: "30 8 * * 1-5", timezone: America/New_York }
  - { channel: C0OTHER, schedule: "0 0 9 1 * *" }`,
      'p.yml',
    );
    expect(policy.reports.map((entry) => entry.timezone)).toEqual(['America/New_York', 'UTC']);
  });
});
