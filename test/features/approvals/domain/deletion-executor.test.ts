import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IamState, startIamServer, type IamServer } from '../../../../sandbox/iam';
import type { Actor } from '../../../../src/kernel/authorization';
import type { ApprovalRequest } from '../../../../src/features/approvals/domain/approval';
import {
  ApprovalService,
  SWEEP_GRACE_MS,
  WITHDRAWAL_NOT_STORED,
} from '../../../../src/features/approvals/domain/approval-service';
import { LEASE_MS, RULE_VIOLATED } from '../../../../src/features/approvals/domain/deletion-executor';
import type { KeyId, SlackUserId } from '../../../../src/kernel/types';
import { createLogger } from '../../../../src/platform/logger';
import { DynamoApprovalStore } from '../../../../src/features/approvals/store/dynamo-approval-store';
import { DynamoAuditLog } from '../../../../src/features/audit/store/dynamo-audit-log';
import { createDynamoClient } from '../../../../src/platform/store/dynamo-client';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../../../src/platform/store/embedded-dynamo';
import { openStore, type OpenStore } from '../../../../src/platform/store/open-store';
import { oneAccount } from '../../../support/one-account';
import { failWritesTo } from '../../../support/dynamo-faults';
import { FakePeople, RecordingApprovalNotifier } from '../../../support/fakes';
import { TestClock } from '../../../support/test-clock';

const log = createLogger({ level: 'silent' });
/** `roles.approvers`: asked again at the moment of deletion. */
const APPROVERS = ['U0APPROVER', 'U0APPROVER2'];
const MINUTE_HOURS = 1 / 60;

const actor = (id: string, roles: Partial<Actor> = {}): Actor => ({
  slackUserId: id as SlackUserId,
  isAdmin: false,
  isApprover: false,
  selfService: true,
  ...roles,
});
const ADMIN = actor('U0ADMIN', { isAdmin: true });
const APPROVER = actor('U0APPROVER', { isApprover: true });
const APPROVER2 = actor('U0APPROVER2', { isApprover: true });

describe('deletion: a lease, the two-person rule at the point of deletion, truthful answers', () => {
  let iam: IamServer;
  let dynamo: EmbeddedDynamo;
  let store: OpenStore;
  let raw: DynamoDBClient;
  let clock: TestClock;
  let notifier: RecordingApprovalNotifier;
  let approvals: DynamoApprovalStore;
  let audit: DynamoAuditLog;

  /** One replica: its own IAM clients and name, on the shared table and IAM. */
  const replica = (name: string) =>
    new ApprovalService({
      accounts: oneAccount(iam.url),
      store: approvals,
      notifier,
      audit,
      clock,
      log,
      people: new FakePeople(),
      policy: { channel: 'C0APPROVALS', required: 1, expiresAfterHours: 24, approvers: APPROVERS },
      replica: name,
    });

  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    iam = await startIamServer({ state });
    dynamo = await startEmbeddedDynamo();
    const endpoint = {
      endpoint: dynamo.endpoint,
      region: 'local',
      credentials: dynamo.credentials,
    };
    store = await openStore({ table: 'keywarden', createTable: true, dataDir: '' }, log, endpoint);
    raw = createDynamoClient(endpoint).client;
    approvals = new DynamoApprovalStore(store.doc, store.tableName);
  });
  afterAll(async () => {
    raw.destroy();
    await store.close();
    await dynamo.close();
    await iam.close();
  });
  beforeEach(() => {
    clock = new TestClock();
    notifier = new RecordingApprovalNotifier();
    audit = new DynamoAuditLog(store.doc, store.tableName, clock);
    iam.clearCalls();
    iam.clearFaults();
  });

  let users = 0;
  /** A key of a user of its own: IAM allows two keys a user. */
  const freshKey = () => {
    const user = `user${++users}`;
    iam.state.addUser(user);
    return iam.state.addKey(user);
  };

  const deletesOf = (keyId: string) =>
    iam.calls('DeleteAccessKey').filter((call) => call.params.AccessKeyId === keyId);

  async function opened(service = replica('a')): Promise<ApprovalRequest> {
    const key = freshKey();
    const outcome = await service.request(ADMIN, key.accessKeyId as KeyId);
    if (!outcome.ok) throw new Error(outcome.refusal.reason);
    return outcome.value;
  }

  it("a holder that crashes after taking the lease: the sweep finishes it once, after watching it LEASE_MS, in the approver's name", async () => {
    const request = await opened();
    // What a replica leaves that took the lease and died before calling IAM.
    const approved = await approvals.transition(request, {
      to: 'APPROVED',
      entry: { at: clock.now(), by: APPROVER.slackUserId, state: 'APPROVED' },
      addApproval: { by: APPROVER.slackUserId, at: clock.now() },
    });
    await approvals.transition(approved, {
      to: 'EXECUTING',
      entry: { at: clock.now(), by: APPROVER.slackUserId, state: 'EXECUTING' },
      lease: {
        id: 'crashed-lease',
        replica: 'crashed',
        by: APPROVER.slackUserId,
        expiresAt: new Date(clock.now().getTime() + LEASE_MS),
      },
    });
    const [a, b] = [replica('a'), replica('b')];
    // Each replica judges by what it has seen itself: first sight, then LEASE_MS of its own time.
    expect(await a.sweep()).toMatchObject({ executed: 0 });
    expect(await b.sweep()).toMatchObject({ executed: 0 });
    clock.advanceHours((LEASE_MS / 60_000 - 1) * MINUTE_HOURS);
    expect(await a.sweep()).toMatchObject({ executed: 0 });
    expect(deletesOf(request.keyId)).toHaveLength(0);

    clock.advanceHours(2 * MINUTE_HOURS);
    const results = await Promise.all([a.sweep(), b.sweep(), a.sweep()]);
    expect(results.reduce((sum, result) => sum + result.executed, 0)).toBe(1);
    expect(deletesOf(request.keyId)).toHaveLength(1);
    expect(iam.state.findKey(request.keyId)).toBeUndefined();
    const finished = await approvals.get(request.id);
    expect(finished).toMatchObject({
      state: 'EXECUTED',
      outcome: { kind: 'deleted', by: APPROVER.slackUserId },
    });
    expect(finished?.history.at(-1)?.by).toBe(APPROVER.slackUserId);
    expect(finished?.lease?.replica).toMatch(/^[ab]$/);
  });

  it("a slow IAM: the lease outlives a DeleteAccessKey slower than the sweep's period, so the sweep never sends a second", async () => {
    const request = await opened();
    // IAM holds the click's DeleteAccessKey until the sweeps are done, however long they take.
    const deleting = iam.hold('DeleteAccessKey');
    const approving = replica('a').approve(APPROVER, request.id, request.message);
    const other = replica('b');
    try {
      // The click holds the lease while IAM takes its time; meanwhile minutes pass for the sweeps.
      await deleting.arrived(1);
      expect(await approvals.get(request.id)).toMatchObject({ state: 'EXECUTING' });
      clock.advanceHours(3 * MINUTE_HOURS);
      expect(3 * 60_000).toBeGreaterThan(SWEEP_GRACE_MS);
      for (let sweep = 0; sweep < 3; sweep++) expect(await other.sweep()).toMatchObject({ executed: 0 });

      // The sweeps ran while the click's DeleteAccessKey was still at IAM.
      expect(deleting.waiting()).toBe(1);
    } finally {
      deleting.release();
    }
    const approved = await approving;
    expect(approved.ok && approved.value.state).toBe('EXECUTED');
    expect(await other.sweep()).toMatchObject({ executed: 0 });
    expect(deletesOf(request.keyId)).toHaveLength(1);
  });

  it('a click that finds the request EXECUTING is refused for that state, and nothing else happens', async () => {
    const twoPerson = new ApprovalService({
      accounts: oneAccount(iam.url),
      store: approvals,
      notifier,
      audit,
      clock,
      log,
      people: new FakePeople(),
      policy: { channel: 'C0APPROVALS', required: 1, expiresAfterHours: 24, approvers: APPROVERS },
    });
    const request = await opened(twoPerson);
    // IAM holds the first click's DeleteAccessKey until the second click has been answered.
    const deleting = iam.hold('DeleteAccessKey');
    const first = twoPerson.approve(APPROVER, request.id, request.message);
    try {
      await deleting.arrived(1);
      expect(await approvals.get(request.id)).toMatchObject({ state: 'EXECUTING' });
      expect(await twoPerson.approve(APPROVER2, request.id, request.message)).toEqual({
        ok: false,
        refusal: { reason: 'not-pending', state: 'EXECUTING' },
      });
    } finally {
      deleting.release();
    }
    expect((await first).ok).toBe(true);
    expect(deletesOf(request.keyId)).toHaveLength(1);
  });

  it('the key deleted but the store write after it failed: the approver is told it was deleted; the sweep records it in their name', async () => {
    const request = await opened();
    const fault = failWritesTo(store.doc, 'EXECUTED');
    let answer;
    try {
      answer = await replica('a').approve(APPROVER, request.id, request.message);
    } finally {
      fault.remove();
    }
    expect(fault.count()).toBeGreaterThanOrEqual(1);
    expect(answer.ok && answer.value.state).toBe('EXECUTED');
    expect(iam.state.findKey(request.keyId)).toBeUndefined();
    expect((await approvals.get(request.id))?.state).toBe('EXECUTING');

    const b = replica('b');
    expect(await b.sweep()).toMatchObject({ executed: 0 });
    clock.advanceHours((LEASE_MS / 60_000) * MINUTE_HOURS);
    expect(await b.sweep()).toMatchObject({ executed: 1 });
    const finished = await approvals.get(request.id);
    expect(finished).toMatchObject({
      state: 'EXECUTED',
      outcome: { kind: 'deleted', by: APPROVER.slackUserId },
    });
    expect(finished?.history.at(-1)).toMatchObject({ state: 'EXECUTED', by: APPROVER.slackUserId });
    const events = await audit.recent({ keyId: request.keyId, limit: 20 });
    const deletions = events.filter((event) => event.action === 'delete' && event.outcome === 'ok');
    expect(deletions.length).toBeGreaterThanOrEqual(1);
    expect(deletions.every((event) => event.actor === APPROVER.slackUserId)).toBe(true);
  });

  it('an item written straight into the table as APPROVED with no approvals is not executed: FAILED and audited', async () => {
    const key = freshKey();
    const id = '0f0e0d0c-0b0a-4909-8807-060504030201';
    const at = new Date(clock.now().getTime() - 10 * 60_000).toISOString();
    const expiresAt = new Date(clock.now().getTime() + 3_600_000).toISOString();
    await raw.send(
      new PutItemCommand({
        TableName: store.tableName,
        Item: {
          pk: { S: `REQ#${id}` },
          sk: { S: 'REQ' },
          type: { S: 'approval' },
          id: { S: id },
          state: { S: 'APPROVED' },
          keyId: { S: key.accessKeyId },
          owner: { S: key.userName },
          requestedBy: { S: 'U0MALLORY' },
          createdAt: { S: at },
          expiresAt: { S: expiresAt },
          required: { N: '1' },
          approvals: { L: [] },
          history: { L: [{ M: { at: { S: at }, by: { S: 'U0MALLORY' }, state: { S: 'APPROVED' } } }] },
          key: { M: { status: { S: 'Active' }, createdAt: { S: at } } },
          version: { N: '1' },
          gsi1pk: { S: 'APPROVAL#APPROVED' },
          gsi1sk: { S: `${at}#${id}` },
        },
      }),
    );
    await replica('a').sweep();
    expect(deletesOf(key.accessKeyId)).toHaveLength(0);
    expect(iam.state.findKey(key.accessKeyId)).toBeDefined();
    expect(await approvals.get(id)).toMatchObject({
      state: 'FAILED',
      outcome: { kind: 'two-person-rule-violated', detail: 'too-few-approvers' },
    });
    const events = await audit.recent({ keyId: key.accessKeyId as KeyId, limit: 10 });
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'delete',
        outcome: 'refused',
        requestId: id,
        detail: `${RULE_VIOLATED}: too-few-approvers`,
      }),
    );
  });

  it('a request approved by its own requester in the store is not executed either', async () => {
    const request = await opened();
    await approvals.transition(request, {
      to: 'APPROVED',
      entry: { at: clock.now(), by: ADMIN.slackUserId, state: 'APPROVED' },
      addApproval: { by: ADMIN.slackUserId, at: clock.now() },
    });
    clock.advanceHours(1);
    await replica('a').sweep();
    expect(deletesOf(request.keyId)).toHaveLength(0);
    expect(await approvals.get(request.id)).toMatchObject({
      state: 'FAILED',
      outcome: { kind: 'two-person-rule-violated', detail: `self-approval: ${ADMIN.slackUserId}` },
    });
  });

  it('a withdrawal that the store refuses at first is retried until it is stored', async () => {
    notifier.faults.fail('post', new Error('channel_not_found'), 100);
    const fault = failWritesTo(store.doc, 'REJECTED', 2);
    const key = freshKey();
    try {
      const outcome = await replica('a').request(ADMIN, key.accessKeyId as KeyId);
      expect(outcome).toEqual({ ok: false, refusal: { reason: 'approval-post-failed' } });
    } finally {
      fault.remove();
    }
    expect(fault.count()).toBe(2);
    const all = await audit.recent({ keyId: key.accessKeyId as KeyId, limit: 10 });
    const requestId = all.find((event) => event.requestId)?.requestId as string;
    expect(await approvals.get(requestId)).toMatchObject({
      state: 'REJECTED',
      outcome: { kind: 'withdrawn' },
    });
  });

  it('a withdrawal never stored is audited, cannot be approved (it has no message), and the sweep withdraws it later', async () => {
    notifier.faults.fail('post', new Error('channel_not_found'), 100);
    const fault = failWritesTo(store.doc, 'REJECTED');
    const key = freshKey();
    const service = replica('a');
    try {
      await service.request(ADMIN, key.accessKeyId as KeyId);
    } finally {
      fault.remove();
    }
    const events = await audit.recent({ keyId: key.accessKeyId as KeyId, limit: 10 });
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'request-deletion',
        outcome: 'failed',
        detail: WITHDRAWAL_NOT_STORED,
      }),
    );
    const requestId = events.find((event) => event.requestId)?.requestId as string;
    expect((await approvals.get(requestId))?.state).toBe('PENDING');

    // A click naming a message the request never stored, or naming none.
    expect(await service.approve(APPROVER, requestId, { channel: 'C0APPROVALS', ts: '1.000' })).toEqual({
      ok: false,
      refusal: { reason: 'wrong-message' },
    });
    expect(await service.approve(APPROVER, requestId, undefined)).toEqual({
      ok: false,
      refusal: { reason: 'wrong-message' },
    });
    expect(deletesOf(key.accessKeyId)).toHaveLength(0);

    clock.advanceHours((SWEEP_GRACE_MS / 60_000 + 1) * MINUTE_HOURS);
    expect(await service.sweep()).toMatchObject({ withdrawn: 1 });
    expect(await approvals.get(requestId)).toMatchObject({
      state: 'REJECTED',
      outcome: { kind: 'withdrawn' },
    });
  });

  it("a click on another request's message is refused", async () => {
    const mine = await opened();
    const other = await opened();
    expect(await replica('a').approve(APPROVER, mine.id, other.message)).toEqual({
      ok: false,
      refusal: { reason: 'wrong-message' },
    });
    expect(deletesOf(mine.keyId)).toHaveLength(0);
  });
});
