import { StaleReportService } from '../../../../src/features/reports/domain/stale-report-service';
import type { SnoozeStore } from '../../../../src/features/reports/domain/ports/snooze-store';
import { KeywardenError } from '../../../../src/kernel/errors';
import type { IamUserName } from '../../../../src/kernel/types';
import { capturedLog, FakeAccountScanner, FakeClock, iamError, MemoryAuditLog } from '../../../support/fakes';

const DAY = 86_400_000;
const THRESHOLDS = { maxAgeDays: 90, maxUnusedDays: 30 };

/** Many accounts, each holding one stale key, each scanned by its own fake scanner. */
function organization(accounts: number) {
  const clock = new FakeClock();
  const scanners = new Map<string, FakeAccountScanner>();
  for (let i = 0; i < accounts; i++) {
    const scanner = new FakeAccountScanner('credential-report', () => clock.now());
    scanner.keys = [
      {
        owner: `user-${i}` as IamUserName,
        status: 'Active',
        createdAt: new Date(clock.now().getTime() - 200 * DAY),
        lastUse: {},
      },
    ];
    scanners.set(`acct-${i}`, scanner);
  }
  return { clock, scanners, accounts: [...scanners.keys()].map((name) => ({ name })) };
}

describe('StaleReportService across many accounts', () => {
  it('reads the snoozes of 200 accounts a few at a time, not all at once', async () => {
    const org = organization(200);
    let inFlight = 0;
    let most = 0;
    const snoozes: SnoozeStore = {
      put: async () => undefined,
      forAccount: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return [];
      },
    };
    const service = new StaleReportService({
      accounts: org.accounts,
      scanners: (account) => {
        const scanner = org.scanners.get(account.name) as FakeAccountScanner;
        return { credentialReport: scanner, listing: scanner };
      },
      exempt: [],
      audit: new MemoryAuditLog(),
      clock: org.clock,
      log: capturedLog().log,
      snoozes,
    });

    const report = await service.build(THRESHOLDS);

    expect(report.counts.keys).toBe(200);
    expect(report.snoozesUnavailable).toBeUndefined();
    expect(most).toBeLessThanOrEqual(8);
  });

  it('does not list an account it could not reach, nor one IAM kept throttling: it says why', async () => {
    const org = organization(3);
    const [reached, refused, throttled] = [...org.scanners.values()] as [
      FakeAccountScanner,
      FakeAccountScanner,
      FakeAccountScanner,
    ];
    const listings = [new FakeAccountScanner('listing', () => org.clock.now())];
    refused.faults.fail(
      'scan',
      new KeywardenError('ACCOUNT_UNAVAILABLE', 'account acct-1: the role cannot be assumed'),
    );
    throttled.faults.fail('scan', iamError('IAM_THROTTLED'));
    const service = new StaleReportService({
      accounts: org.accounts,
      scanners: (account) => ({
        credentialReport: org.scanners.get(account.name) as FakeAccountScanner,
        listing: listings[0] as FakeAccountScanner,
      }),
      exempt: [],
      audit: new MemoryAuditLog(),
      clock: org.clock,
      log: capturedLog().log,
    });

    const report = await service.build(THRESHOLDS);

    expect(report.counts.keys).toBe(1);
    expect(reached.scans).toBe(1);
    expect(listings[0]?.scans).toBe(0);
    expect(report.accounts.map((section) => section.failure)).toEqual([
      undefined,
      'account acct-1: the role cannot be assumed',
      'IAM kept throttling the scan, past its retries',
    ]);
  });
});
