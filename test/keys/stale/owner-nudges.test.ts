import type { AuditEvent, AuditLog } from '../../../src/keys/ports/audit-log';
import type { OwnerNotifier, OwnerNudge } from '../../../src/keys/ports/owner-notifier';
import type { Ownership } from '../../../src/keys/ports/people';
import { RetryLaterError } from '../../../src/keys/ports/report-publisher';
import { OwnerNudges, type NudgeRun } from '../../../src/keys/stale/owner-nudges';
import { staleReport } from '../../../src/keys/stale/stale-report';
import { systemClock, type IamUserName, type SlackUserId } from '../../../src/keys/types';
import { createLogger } from '../../../src/logger';
import { DynamoNudgeLedger } from '../../../src/store/dynamo-nudge-ledger';
import type { OpenStore } from '../../../src/store/open-store';
import { embeddedLane } from '../../support/store-lanes';

const log = createLogger({ level: 'silent' });
const NOW = new Date();
const DAY = 86_400_000;
const ALICE = 'U0ALICE' as SlackUserId;

const report = () =>
  staleReport(
    {
      source: 'credential-report',
      generatedAt: NOW,
      users: 2,
      keys: ['alice', 'svc'].map((owner) => ({
        owner: owner as IamUserName,
        slot: 1 as const,
        status: 'Active' as const,
        createdAt: new Date(NOW.getTime() - 200 * DAY),
        lastUse: {},
      })),
    },
    { thresholds: { maxAgeDays: 90, maxUnusedDays: 45 }, exempt: new Set(), now: NOW },
  );

class RecordingNotifier implements OwnerNotifier {
  readonly sent: OwnerNudge[] = [];
  constructor(private readonly failures: Error[] = []) {}
  async nudge(nudge: OwnerNudge): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(nudge);
  }
}

const audit: AuditLog = { record: async (_event: AuditEvent) => {}, recent: async () => [] };
const people = {
  ownerOf: async (user: IamUserName): Promise<Ownership> =>
    user === 'alice' ? { kind: 'person', slackUser: ALICE } : { kind: 'service' },
};

describe('OwnerNudges with the DynamoDB ledger', () => {
  let store: OpenStore;
  beforeAll(async () => {
    store = await embeddedLane().open();
  });
  afterAll(() => store.close());

  const nudges = (notifier: OwnerNotifier) =>
    new OwnerNudges({
      people,
      ledger: new DynamoNudgeLedger(store.doc, store.tableName, (error) => {
        throw error;
      }),
      notifier,
      audit,
      clock: systemClock,
      log,
      maxRetryWaitMs: 10,
    });
  const run = (runId: string): NudgeRun => ({
    runId,
    report: `0.C0${runId}`,
    reportIndex: 0,
    escalateAfterRuns: 1,
  });

  it('a retried run DMs nobody twice, and counts each key once', async () => {
    const notifier = new RecordingNotifier();
    const first = await nudges(notifier).run(run('RETRIED'), report());
    const again = await nudges(notifier).run(run('RETRIED'), report());
    expect(notifier.sent.map((nudge) => nudge.owner)).toEqual([ALICE]);
    expect(notifier.sent[0]?.keys.map((key) => key.owner)).toEqual(['alice']);
    expect([first.sent, again.sent, again.alreadySent]).toEqual([1, 0, 1]);
    // Counted once: the retry of the first run is not a second run in a row.
    expect(again.report.ignored).toEqual([]);
    const next = await nudges(notifier).run({ ...run('NEXT'), report: '0.C0RETRIED' }, report());
    expect(next.report.ignored?.map((ignored) => ignored.ownerSlack)).toEqual([ALICE]);
  });

  it('a DM that could not be sent is given back, so the retried run sends it', async () => {
    const notifier = new RecordingNotifier([new Error('channel_not_found')]);
    expect((await nudges(notifier).run(run('FAILED'), report())).failed).toBe(1);
    expect((await nudges(notifier).run(run('FAILED'), report())).sent).toBe(1);
    expect(notifier.sent).toHaveLength(1);
  });

  it("waits out Slack's Retry-After and sends once", async () => {
    const notifier = new RecordingNotifier([new RetryLaterError(5), new RetryLaterError(5)]);
    expect((await nudges(notifier).run(run('LIMITED'), report())).sent).toBe(1);
    expect(notifier.sent).toHaveLength(1);
  });
});
