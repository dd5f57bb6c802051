import type { AuditEvent, AuditLog } from '../../../../src/kernel/ports/audit-log';
import {
  RetryLaterError,
  type PublishProgress,
  type PublishTarget,
  type ReportPublisher,
} from '../../../../src/features/reports/domain/ports/report-publisher';
import { ScheduledReports } from '../../../../src/features/reports/domain/scheduled-reports';
import { staleReport, type StaleReport } from '../../../../src/features/reports/domain/stale-report';
import { systemClock } from '../../../../src/kernel/types';
import { createLogger } from '../../../../src/platform/logger';
import { DynamoRunClaims } from '../../../../src/platform/store/dynamo-run-claims';
import type { OpenStore } from '../../../../src/platform/store/open-store';
import { embeddedLane } from '../../../support/store-lanes';

const log = createLogger({ level: 'silent' });
const ENTRY = {
  channel: 'C0SECOPS',
  schedule: '0 9 * * MON',
  timezone: 'UTC',
  maxAgeDays: 90,
  maxUnusedDays: 30,
};
const SCHEDULED = new Date('2026-11-23T09:00:00Z');

const emptyReport = (): StaleReport =>
  staleReport(
    { source: 'credential-report', generatedAt: new Date(), keys: [], users: 0 },
    { thresholds: ENTRY, exempt: new Set(), now: new Date() },
  );

class RecordingPublisher implements ReportPublisher {
  readonly posts: PublishTarget[] = [];
  constructor(private readonly failures: Error[] = []) {}
  async publish(target: PublishTarget, _report: StaleReport, progress: PublishProgress): Promise<void> {
    if (!progress.messageTs) {
      const failure = this.failures.shift();
      if (failure) throw failure;
      this.posts.push(target);
      progress.messageTs = String(this.posts.length);
    }
  }
}

class MemoryAudit implements AuditLog {
  readonly events: AuditEvent[] = [];
  async record(event: AuditEvent) {
    this.events.push(event);
  }
  async recent() {
    return this.events;
  }
}

describe('ScheduledReports', () => {
  let store: OpenStore;
  beforeAll(async () => {
    store = await embeddedLane().open();
  });
  afterAll(() => store.close());

  function replica(name: string, publisher: ReportPublisher, audit = new MemoryAudit()) {
    return new ScheduledReports({
      entries: [ENTRY],
      service: { build: async () => emptyReport() },
      claims: new DynamoRunClaims(store.doc, store.tableName),
      publisher,
      audit,
      clock: systemClock,
      log,
      instance: name,
    });
  }

  it('two replicas firing for the same run: one posts, the other stands down', async () => {
    const first = new RecordingPublisher();
    const second = new RecordingPublisher();
    const results = await Promise.all([
      replica('a', first).runScheduled(0, SCHEDULED),
      replica('b', second).runScheduled(0, SCHEDULED),
    ]);
    expect(results.sort()).toEqual(['claimed-elsewhere', 'posted']);
    expect([...first.posts, ...second.posts]).toEqual([
      { channel: 'C0SECOPS', reportIndex: 0, scheduledAt: SCHEDULED },
    ]);
  });

  it('retries a rate-limited post after Retry-After, and posts once', async () => {
    const publisher = new RecordingPublisher([new RetryLaterError(30), new RetryLaterError(30)]);
    const audit = new MemoryAudit();
    const result = await replica('a', publisher, audit).runScheduled(0, new Date('2026-11-30T09:00:00Z'));
    expect(result).toBe('posted');
    expect(publisher.posts).toHaveLength(1);
    expect(audit.events).toEqual([
      expect.objectContaining({ actor: 'system', action: 'report', outcome: 'ok' }),
    ]);
  });

  it('gives up, audited, when the post keeps failing, and stop() ends a retry wait', async () => {
    const failing = new RecordingPublisher([new Error('channel_not_found')]);
    const audit = new MemoryAudit();
    expect(await replica('a', failing, audit).runNow(0)).toBe('failed');
    expect(audit.events[0]).toMatchObject({ action: 'report', outcome: 'failed' });

    const waiting = replica('b', new RecordingPublisher([new RetryLaterError(60_000)]));
    const run = waiting.runNow(0);
    setTimeout(() => waiting.stop(), 50);
    expect(await run).toBe('stopped');
  });
});
