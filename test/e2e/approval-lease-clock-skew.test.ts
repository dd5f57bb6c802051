import { IamState } from '../../sandbox/iam';
import { LEASE_MS } from '../../src/features/approvals/domain/deletion-executor';
import { APPROVE_ACTION } from '../../src/features/approvals/slack/approval-request';
import { DynamoApprovalStore } from '../../src/features/approvals/store/dynamo-approval-store';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import { DynamoAuditLog } from '../../src/features/audit/store/dynamo-audit-log';
import type { KeyId } from '../../src/kernel/types';
import { approvalMessageFor } from '../support/approvals';
import { failWritesTo } from '../support/dynamo-faults';
import { PEOPLE, POLICY_YAML, replyText, startBot, startSharedStore, type Bot } from '../support/bot';
import { TestClock } from '../support/test-clock';

const SKEW_HOURS = 6 / 60;

/**
 * Two replicas whose clocks differ by six minutes, more than a lease lasts. Whether a lease was
 * abandoned must not depend on whose clock reads it.
 */
describe('the deletion lease under clock skew', () => {
  let store: EmbeddedDynamo;
  let a: Bot;
  let b: Bot;
  const aheadClock = new TestClock();
  let requests: DynamoApprovalStore;

  beforeAll(async () => {
    aheadClock.advanceHours(SKEW_HOURS);
    store = await startSharedStore();
    const state = new IamState();
    state.addUser('alice');
    // No report schedule: a replica six minutes ahead, started on a Monday at 08:54-09:00 UTC, would catch up
    // the 09:00 report beside the deletions this story watches.
    const policyYaml = POLICY_YAML.replace(/^reports:\n(?: {2}.*\n)+/m, '');
    a = await startBot({ iamState: state, dynamoEndpoint: store.endpoint, policyYaml });
    b = await startBot({
      iam: a.iam,
      slack: a.slack,
      dynamoEndpoint: store.endpoint,
      clock: aheadClock,
      policyYaml,
    });
    requests = new DynamoApprovalStore(a.keywarden.store.doc, a.keywarden.store.tableName);
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
    await store.close();
  });
  beforeEach(() => {
    a.iam.clearCalls();
    a.iam.clearFaults();
  });

  async function requested() {
    const keyId = a.iam.state.addKey('alice').accessKeyId;
    const asked = await a.driver.command(`delete ${keyId} skew`, { userId: PEOPLE.alice });
    expect(replyText(await a.driver.waitForResponse(asked.responseUrl, 10_000))).toContain('requested.');
    return { keyId, ...approvalMessageFor(a, keyId) };
  }
  const approveOn = (bot: Bot, requestId: string, ts: string) =>
    bot.driver.click(APPROVE_ACTION, requestId, {
      userId: PEOPLE.approver,
      channelId: 'C0APPROVALS',
      messageTs: ts,
    });
  const deletesOf = (keyId: string) =>
    a.iam.calls('DeleteAccessKey').filter((call) => call.params.AccessKeyId === keyId);
  const deleteEvents = async (keyId: string) => {
    const trail = new DynamoAuditLog(a.keywarden.store.doc, a.keywarden.store.tableName, aheadClock);
    return (await trail.recent({ keyId: keyId as KeyId, limit: 20 })).filter((e) => e.action === 'delete');
  };

  it('a replica six minutes ahead never takes over a live lease: one DeleteAccessKey, one audit event', async () => {
    const { keyId, requestId, message } = await requested();
    // The holder's DeleteAccessKey is slow (IAM holds it until the sweeps are done): its lease is live all along.
    const deleting = a.iam.hold('DeleteAccessKey');
    const clicked = await approveOn(a, requestId, message.ts);
    await deleting.arrived(1);
    expect(await requests.get(requestId)).toMatchObject({ state: 'EXECUTING' });
    for (let sweep = 0; sweep < 3; sweep++) await b.keywarden.approvals.sweep();
    expect(deleting.waiting()).toBe(1);
    deleting.release();

    expect(replyText(await a.driver.waitForResponse(clicked.responseUrl, 10_000))).toContain(
      'The key was deleted',
    );
    expect(deletesOf(keyId)).toHaveLength(1);
    expect(await requests.get(requestId)).toMatchObject({ state: 'EXECUTED', outcome: { kind: 'deleted' } });
    expect((await deleteEvents(keyId)).map((event) => event.outcome)).toEqual(['ok']);
  }, 30_000);

  it('a truly abandoned lease is taken over, after LEASE_MS of the sweeping replica’s own observation', async () => {
    const { keyId, requestId, message } = await requested();
    // The holder deletes the key, then can record nothing: its lease is left behind.
    const lost = failWritesTo(a.keywarden.store.doc, 'EXECUTED');
    try {
      const clicked = await approveOn(a, requestId, message.ts);
      await a.driver.waitForResponse(clicked.responseUrl, 10_000);
    } finally {
      lost.remove();
    }
    expect(await requests.get(requestId)).toMatchObject({ state: 'EXECUTING' });
    expect(deletesOf(keyId)).toHaveLength(1);

    // Seen for the first time: however late the lease looks on this clock, it is not taken yet.
    expect(await b.keywarden.approvals.sweep()).toMatchObject({ executed: 0 });
    expect(await requests.get(requestId)).toMatchObject({ state: 'EXECUTING' });
    expect(deletesOf(keyId)).toHaveLength(1);

    aheadClock.advanceHours(LEASE_MS / 3_600_000);
    expect(await b.keywarden.approvals.sweep()).toMatchObject({ executed: 1 });
    expect(await requests.get(requestId)).toMatchObject({
      state: 'EXECUTED',
      outcome: { kind: 'deleted', by: PEOPLE.approver },
    });
    // The take-over asks once more and finds the key gone: the holder's deletion, recorded at last.
    expect(deletesOf(keyId).map((call) => call.errorCode)).toEqual([undefined, 'NoSuchEntity']);
    expect(a.iam.state.findKey(keyId)).toBeUndefined();
  }, 30_000);
});
