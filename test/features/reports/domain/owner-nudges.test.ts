import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, AuditLog } from '../../../../src/kernel/ports/audit-log';
import type { OwnerNotifier, OwnerNudge } from '../../../../src/features/reports/domain/ports/owner-notifier';
import type { Ownership } from '../../../../src/kernel/ports/people';
import { RetryLaterError } from '../../../../src/features/reports/domain/ports/report-publisher';
import { OwnerNudges, type NudgeRun } from '../../../../src/features/reports/domain/owner-nudges';
import { staleReport } from '../../../../src/features/reports/domain/stale-report';
import { systemClock, type IamUserName, type SlackUserId } from '../../../../src/kernel/types';
import { createLogger } from '../../../../src/platform/logger';
import { DynamoNudgeLedger } from '../../../../src/features/reports/store/dynamo-nudge-ledger';
import type { OpenStore } from '../../../../src/platform/store/open-store';
import { embeddedLane } from '../../../support/store-lanes';

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
  // A table per test: an owner is nudged at most once a day, and every test here runs on the same day.
  beforeEach(async () => {
    store = await embeddedLane().open();
  });
  afterEach(() => store.close());

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
    scheduled: true,
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

  const ledgerOf = () =>
    new DynamoNudgeLedger(store.doc, store.tableName, (error) => {
      throw error;
    });
  const runsOf = async (entry: string) =>
    (await ledgerOf().counts(entry)).map((count) => `${count.key.owner}:${count.runs}`).sort();
  const snoozed = (days: number) => {
    const base = report();
    const keys = [...base.keys].map((key) =>
      key.owner === 'alice'
        ? {
            ...key,
            snooze: {
              key: { account: 'default', owner: key.owner, createdAt: key.createdAt },
              by: ALICE,
              at: new Date(NOW.getTime() - DAY),
              until: new Date(NOW.getTime() + days * DAY),
              reason: 'vendor',
            },
          }
        : key,
    );
    return { ...base, keys };
  };

  it('a run by hand DMs nobody and counts nothing, and escalates only what the last scheduled run did', async () => {
    const notifier = new RecordingNotifier();
    const entry = '0.C0BYHAND';
    const scheduled = (id: string): NudgeRun => ({
      ...run(`${entry}@${id}`),
      report: entry,
      escalateAfterRuns: 2,
    });
    const byHand = (id: string): NudgeRun => ({ ...scheduled(id), scheduled: false });
    await nudges(notifier).run(scheduled('S1'), report());
    for (const id of ['M1', 'M2', 'M3']) {
      expect((await nudges(notifier).run(byHand(id), report())).report.ignored).toEqual([]);
    }
    // The scheduled run's DM only: runs by hand nudge nobody.
    expect(notifier.sent).toHaveLength(1);
    expect(await runsOf(entry)).toEqual(['alice:1']);
    await nudges(notifier).run(scheduled('S2'), report());
    expect((await nudges(notifier).run(byHand('M4'), report())).report.ignored).toEqual([]);
    const third = await nudges(notifier).run(scheduled('S3'), report());
    expect(third.report.ignored?.map((key) => [key.ownerSlack, key.runsSinceFirstNudge])).toEqual([
      [ALICE, 2],
    ]);
    expect(third.report.ignored?.[0]?.firstNudgedAt).toBeInstanceOf(Date);
    const after = await nudges(notifier).run(byHand('M5'), report());
    expect(after.report.ignored?.map((key) => key.runsSinceFirstNudge)).toEqual([2]);
    expect(await runsOf(entry)).toEqual(['alice:3']);
    // Three scheduled runs on one day: alice heard from Keywarden once that day.
    expect(notifier.sent).toHaveLength(1);
  });

  it('a snoozed key gets no DM but goes on counting, and is escalated all the same', async () => {
    const notifier = new RecordingNotifier();
    const entry = '0.C0SNOOZED';
    const scheduled = (id: string): NudgeRun => ({
      ...run(`${entry}@${id}`),
      report: entry,
      escalateAfterRuns: 1,
    });
    await nudges(notifier).run(scheduled('S1'), report());
    const second = await nudges(notifier).run(scheduled('S2'), snoozed(7));
    expect(notifier.sent).toHaveLength(1);
    expect(second.report.ignored?.map((key) => [key.key.owner, key.ownerSlack])).toEqual([['alice', ALICE]]);
    expect(await runsOf(entry)).toEqual(['alice:2']);
  });

  it('a snooze on a key never counted starts its count: the snooze was made from a nudge', async () => {
    const entry = '0.C0SNOOZEFIRST';
    await nudges(new RecordingNotifier()).run({ ...run(`${entry}@S1`), report: entry }, snoozed(7));
    expect(await runsOf(entry)).toEqual(['alice:1']);
  });

  it('only a fix starts a count again; a key of an account that could not be scanned keeps its count', async () => {
    const notifier = new RecordingNotifier();
    const entry = '0.C0FIXED';
    const scheduled = (id: string): NudgeRun => ({ ...run(`${entry}@${id}`), report: entry });
    await nudges(notifier).run(scheduled('S1'), report());
    await nudges(notifier).run(scheduled('S2'), report());
    const unscanned = {
      ...report(),
      keys: [],
      accounts: [
        { account: { name: 'default' }, staleKeys: 0, scanned: { users: 0, keys: 0 }, failure: 'IAM down' },
      ],
    };
    await nudges(notifier).run(scheduled('S3'), unscanned);
    expect(await runsOf(entry)).toEqual(['alice:2']);
    await nudges(notifier).run(scheduled('S4'), { ...report(), keys: [] });
    expect(await runsOf(entry)).toEqual([]);
    await nudges(notifier).run(scheduled('S5'), report());
    const [count] = await ledgerOf().counts(entry);
    expect(count?.runs).toBe(1);
  });

  it('reads a count stored before firstNudgedAt was kept, and its next run sets it', async () => {
    const key = {
      account: 'default',
      owner: 'alice' as IamUserName,
      createdAt: new Date('2025-01-02T03:04:05Z'),
    };
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          pk: 'NUDGES#0.C0OLD',
          sk: 'default#alice#2025-01-02T03:04:05.000Z',
          type: 'nudge-count',
          account: 'default',
          owner: 'alice',
          keyCreatedAt: '2025-01-02T03:04:05.000Z',
          runs: 2,
          lastRun: 'before',
          lastNudgedAt: '2026-01-05T09:00:00.000Z',
        },
      }),
    );
    const [old] = await ledgerOf().counts('0.C0OLD');
    expect(old).toEqual({ key, runs: 2, lastRun: 'before' });
    await ledgerOf().countRun('0.C0OLD', key, 'next', NOW);
    expect(await ledgerOf().counts('0.C0OLD')).toEqual([
      { key, runs: 3, lastRun: 'next', firstNudgedAt: NOW },
    ]);
  });

  it("waits out Slack's Retry-After and sends once", async () => {
    const notifier = new RecordingNotifier([new RetryLaterError(5), new RetryLaterError(5)]);
    expect((await nudges(notifier).run(run('LIMITED'), report())).sent).toBe(1);
    expect(notifier.sent).toHaveLength(1);
  });
});
