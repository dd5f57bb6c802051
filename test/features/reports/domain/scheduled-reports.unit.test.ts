import { RetryLaterError } from '../../../../src/features/reports/domain/ports/report-publisher';
import { ScheduledReports } from '../../../../src/features/reports/domain/scheduled-reports';
import { staleReport } from '../../../../src/features/reports/domain/stale-report';
import { lastDueOf } from '../../../../src/platform/process/cron-scheduler';
import {
  capturedLog,
  FakeClock,
  iamError,
  MemoryAuditLog,
  MemoryRunClaims,
  RecordingReportPublisher,
  storeUnavailable,
} from '../../../support/fakes';

// The same runs over DynamoDB's run claims are in scheduled-reports.test.ts.
const ENTRY = {
  channel: 'C0SECOPS',
  schedule: '0 9 * * MON',
  timezone: 'UTC',
  maxAgeDays: 90,
  maxUnusedDays: 30,
};
const SCHEDULED = new Date('2026-11-23T09:00:00Z');

function setup({ claims = new MemoryRunClaims(), instance = 'replica-a', maxRetryWaitMs = 1 } = {}) {
  const clock = new FakeClock(SCHEDULED);
  const audit = new MemoryAuditLog();
  const publisher = new RecordingReportPublisher();
  const report = staleReport(
    { source: 'credential-report', generatedAt: SCHEDULED, keys: [], users: 0 },
    { thresholds: ENTRY, exempt: new Set(), now: SCHEDULED },
  );
  const service = { build: jest.fn(async () => report) };
  const runs = new ScheduledReports({
    entries: [ENTRY],
    service,
    claims,
    publisher,
    audit,
    clock,
    log: capturedLog().log,
    instance,
    maxAttempts: 3,
    maxRetryWaitMs,
  });
  return { runs, publisher, audit, service, claims };
}

describe('ScheduledReports over the fakes', () => {
  it('two replicas firing for one run: the first to claim posts, the other stands down', async () => {
    const claims = new MemoryRunClaims();
    const a = setup({ claims, instance: 'replica-a' });
    const b = setup({ claims, instance: 'replica-b' });
    expect(await a.runs.runScheduled(0, SCHEDULED)).toBe('posted');
    expect(await b.runs.runScheduled(0, SCHEDULED)).toBe('claimed-elsewhere');
    expect(b.service.build).not.toHaveBeenCalled();
    expect(a.publisher.posts.map((post) => post.target)).toEqual([
      { channel: 'C0SECOPS', reportIndex: 0, scheduledAt: SCHEDULED },
    ]);
    expect(a.audit.summary()).toEqual([
      'report:ok:stale report to C0SECOPS: 0 stale keys (credential-report)',
    ]);
  });

  it('a run that cannot be claimed is skipped, not posted unclaimed', async () => {
    const { runs, claims, publisher, audit } = setup();
    claims.faults.fail('claim', storeUnavailable());
    expect(await runs.runScheduled(0, SCHEDULED)).toBe('failed');
    expect(publisher.posts).toEqual([]);
    expect(audit.summary()).toEqual(['report:failed:stale report to C0SECOPS: run could not be claimed']);
  });

  it('a scan that fails is audited with its code', async () => {
    const { runs, service, audit } = setup();
    service.build.mockRejectedValueOnce(iamError('IAM_THROTTLED'));
    expect(await runs.runScheduled(0, SCHEDULED)).toBe('failed');
    expect(audit.summary()).toEqual(['report:failed:stale report to C0SECOPS: scan failed: IAM_THROTTLED']);
  });

  it('rate limited: retried after the wait and posted once; still limited after every attempt: failed', async () => {
    const first = setup();
    first.publisher.faults.fail('publish', new RetryLaterError(5_000), 2);
    expect(await first.runs.runScheduled(0, SCHEDULED)).toBe('posted');
    expect(first.publisher.posts).toHaveLength(1);
    expect(first.publisher.attempts).toBe(3);

    const second = setup();
    second.publisher.faults.fail('publish', new RetryLaterError(5_000), Infinity);
    expect(await second.runs.runNow(0)).toBe('failed');
    expect(second.publisher.attempts).toBe(3);
    expect(second.audit.summary()).toEqual(['report:failed:stale report to C0SECOPS: rate limited']);
  });

  it('stop() ends a retry wait: the run ends as stopped', async () => {
    const { runs, publisher } = setup({ maxRetryWaitMs: 60_000 });
    publisher.faults.fail('publish', new RetryLaterError(60_000));
    const run = runs.runNow(0);
    await new Promise((resolve) => setImmediate(resolve));
    runs.stop();
    expect(await run).toBe('stopped');
    expect(publisher.posts).toEqual([]);
  });

  it('an index no longer in the policy is a programming error, not a silent no-op', async () => {
    await expect(setup().runs.runNow(3)).rejects.toThrow(RangeError);
  });
});

describe('ScheduledReports: catching up a run due while no replica ran', () => {
  /** The replicas' presence mark, in memory, with a fault to order. */
  function memoryPresence(at?: Date) {
    let mark = at;
    return {
      failNext: false,
      async last() {
        if (this.failNext) {
          this.failNext = false;
          throw storeUnavailable();
        }
        return mark;
      },
      async mark(now: Date) {
        if (!mark || mark < now) mark = now;
      },
      get current() {
        return mark;
      },
    };
  }

  function withCatchUp(presence: ReturnType<typeof memoryPresence>, now: string) {
    const clock = new FakeClock(now);
    const publisher = new RecordingReportPublisher();
    const report = staleReport(
      { source: 'credential-report', generatedAt: clock.now(), keys: [], users: 0 },
      { thresholds: ENTRY, exempt: new Set(), now: clock.now() },
    );
    const runs = new ScheduledReports({
      entries: [ENTRY],
      service: { build: async () => report },
      claims: new MemoryRunClaims(),
      publisher,
      audit: new MemoryAuditLog(),
      clock,
      log: capturedLog().log,
      instance: 'replica-a',
      catchUp: { presence, lastDue: (entry, at) => lastDueOf(entry, at) },
    });
    return { runs, publisher };
  }

  it('a store that cannot say when a replica last ran: nothing caught up nor marked until a sweep that can', async () => {
    const presence = memoryPresence(new Date('2026-11-23T08:50:00Z'));
    presence.failNext = true;
    const { runs, publisher } = withCatchUp(presence, '2026-11-23T09:30:00Z');

    expect(await runs.sweep()).toEqual([]);
    expect(presence.current).toEqual(new Date('2026-11-23T08:50:00Z'));
    expect(await runs.sweep()).toEqual(['posted']);
    expect(publisher.posts.map((post) => post.target)).toEqual([
      { channel: 'C0SECOPS', reportIndex: 0, scheduledAt: SCHEDULED, caughtUp: true },
    ]);
    // Once per process: the sweeps after it only mark.
    expect(await runs.sweep()).toEqual([]);
    expect(publisher.posts).toHaveLength(1);
  });
});
