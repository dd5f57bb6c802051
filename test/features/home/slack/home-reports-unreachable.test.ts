import { reportsSection } from '../../../../src/features/home/slack/home-reports';

const RAN_AT = new Date('2026-12-07T09:00:00Z');

describe("the Home's last run of a report, with accounts it could not reach", () => {
  it('counts and names the unreachable accounts first, before hundreds of scanned ones cut the section', () => {
    const accounts = [
      ...Array.from({ length: 300 }, (_, i) => ({ name: `acct-${i}`, staleKeys: 1, scannedKeys: 3 })),
      {
        name: 'lost',
        id: '222222222222',
        staleKeys: 0,
        scannedKeys: 0,
        failure: 'account lost: STS kept throttling AssumeRole',
      },
    ];
    const blocks = reportsSection({
      ok: true,
      value: [
        {
          index: 0,
          channel: 'C0SECOPS',
          schedule: '0 9 * * MON',
          timezone: 'UTC',
          last: {
            report: '0.C0SECOPS',
            index: 0,
            channel: 'C0SECOPS',
            ranAt: RAN_AT,
            generatedAt: RAN_AT,
            staleKeys: 300,
            accounts,
          },
        },
      ],
    });

    const text = JSON.stringify(blocks);
    expect(text).toContain(':warning: 1 of 301 accounts could not be reached:');
    expect(text).toContain('lost (222222222222): not scanned (account lost: STS kept throttling AssumeRole)');
    expect(text.indexOf('could not be reached')).toBeLessThan(text.indexOf('acct-0:'));
  });
});
