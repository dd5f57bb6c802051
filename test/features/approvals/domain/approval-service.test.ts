import { IamState, startIamServer, type IamServer } from '../../../../sandbox/iam';
import type { Actor } from '../../../../src/kernel/authorization';
import type { ApprovalRequest } from '../../../../src/features/approvals/domain/approval';
import { ApprovalService, SWEEP_GRACE_MS } from '../../../../src/features/approvals/domain/approval-service';
import type { KeyId, SlackUserId } from '../../../../src/kernel/types';
import { createLogger } from '../../../../src/platform/logger';
import { DynamoApprovalStore } from '../../../../src/features/approvals/store/dynamo-approval-store';
import { DynamoAuditLog } from '../../../../src/features/audit/store/dynamo-audit-log';
import { createDynamoClient } from '../../../../src/platform/store/dynamo-client';
import { openStore, type OpenStore } from '../../../../src/platform/store/open-store';
import { oneAccount } from '../../../support/one-account';
import { FakePeople, RecordingApprovalNotifier } from '../../../support/fakes';
import { TestClock } from '../../../support/test-clock';

const log = createLogger({ level: 'silent' });
/** `roles.approvers`: asked again at the moment of deletion. */
const APPROVERS = ['U0APPROVER', 'U0APPROVER2'];

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

describe('ApprovalService with the real store and IAM over the wire', () => {
  let iam: IamServer;
  let store: OpenStore;
  let clock: TestClock;
  let notifier: RecordingApprovalNotifier;
  let approvals: DynamoApprovalStore;

  const service = (required = 1) =>
    new ApprovalService({
      accounts: oneAccount(iam.url),
      store: approvals,
      notifier,
      audit: new DynamoAuditLog(store.doc, store.tableName, clock),
      clock,
      log,
      people: new FakePeople(),
      policy: { channel: 'C0APPROVALS', required, expiresAfterHours: 24, approvers: APPROVERS },
    });

  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    state.addUser('bob');
    iam = await startIamServer({ state });
    store = await openStore({ createTable: true, dataDir: '', inMemory: true }, log);
    approvals = new DynamoApprovalStore(store.doc, store.tableName);
  });
  afterAll(async () => {
    await store.close();
    await iam.close();
  });
  beforeEach(() => {
    clock = new TestClock();
    notifier = new RecordingApprovalNotifier();
  });

  async function approvedButNotDeleted(owner: 'alice' | 'bob'): Promise<ApprovalRequest> {
    const key = iam.state.addKey(owner);
    const opened = await service().request(ADMIN, key.accessKeyId as KeyId);
    if (!opened.ok) throw new Error(opened.refusal.reason);
    // What a crash right after the APPROVED write leaves behind.
    return approvals.transition(opened.value, {
      to: 'APPROVED',
      entry: { at: clock.now(), by: APPROVER.slackUserId, state: 'APPROVED' },
      addApproval: { by: APPROVER.slackUserId, at: clock.now() },
    });
  }

  it('the sweep finishes a request a crash left APPROVED, once its grace has passed', async () => {
    const request = await approvedButNotDeleted('alice');
    expect(await service().sweep()).toMatchObject({ executed: 0 });
    expect(iam.state.findKey(request.keyId)).toBeDefined();
    clock.advanceHours(SWEEP_GRACE_MS / 3_600_000 + 0.01);
    expect(await service().sweep()).toMatchObject({ executed: 1 });
    expect(iam.state.findKey(request.keyId)).toBeUndefined();
    expect((await approvals.get(request.id))?.state).toBe('EXECUTED');
    expect(notifier.told.map((told) => told.id)).toContain(request.id);
  });

  it('a key already gone counts as deleted', async () => {
    const request = await approvedButNotDeleted('bob');
    iam.state.deleteKey('bob', request.keyId);
    clock.advanceHours(1);
    await service().sweep();
    const finished = await approvals.get(request.id);
    expect(finished).toMatchObject({ state: 'EXECUTED', outcome: { kind: 'already-gone' } });
  });

  it('IAM down at the moment of deletion leaves the request APPROVED for the sweep, not FAILED', async () => {
    const key = iam.state.addKey('alice');
    const opened = await service().request(ADMIN, key.accessKeyId as KeyId);
    if (!opened.ok) throw new Error(opened.refusal.reason);
    // DeleteAccessKey is sent once a time: down for the delete, its repeat, and the listing that
    // would tell whether it happened (with the SDK's own retries).
    iam.injectFault({ action: 'DeleteAccessKey', code: 'ServiceUnavailable', times: 2 });
    iam.injectFault({ action: 'ListAccessKeys', code: 'ServiceUnavailable', times: 10 });
    const approved = await service().approve(APPROVER, opened.value.id, opened.value.message);
    iam.clearFaults();
    expect(approved.ok && approved.value).toMatchObject({ state: 'APPROVED', outcome: { kind: 'deferred' } });
    expect(iam.state.findKey(key.accessKeyId)).toBeDefined();
    clock.advanceHours(1);
    await service().sweep();
    expect((await approvals.get(opened.value.id))?.state).toBe('EXECUTED');
    expect(iam.state.findKey(key.accessKeyId)).toBeUndefined();
  });

  it('with two approvals required, one approver is not enough and cannot count twice', async () => {
    const key = iam.state.addKey('bob');
    const twoPerson = service(2);
    const opened = await twoPerson.request(ADMIN, key.accessKeyId as KeyId);
    if (!opened.ok) throw new Error(opened.refusal.reason);
    const first = await twoPerson.approve(APPROVER, opened.value.id, opened.value.message);
    expect(first.ok && first.value.state).toBe('PENDING');
    expect(await twoPerson.approve(APPROVER, opened.value.id, opened.value.message)).toEqual({
      ok: false,
      refusal: { reason: 'already-approved' },
    });
    expect(iam.state.findKey(key.accessKeyId)).toBeDefined();
    const second = await twoPerson.approve(APPROVER2, opened.value.id, opened.value.message);
    expect(second.ok && second.value.state).toBe('EXECUTED');
    expect(iam.state.findKey(key.accessKeyId)).toBeUndefined();
  });

  it('an approval message that cannot be posted withdraws the request', async () => {
    const key = iam.state.addKey('alice');
    notifier.faults.fail('post', new Error('channel_not_found'), 100);
    const opened = await service().request(ADMIN, key.accessKeyId as KeyId);
    expect(opened).toEqual({ ok: false, refusal: { reason: 'approval-post-failed' } });
    const pending = await approvals.listByState('PENDING');
    expect(pending.some((request) => request.keyId === key.accessKeyId)).toBe(false);
  });

  it('a second request for a key with one open is refused', async () => {
    const key = iam.state.addKey('bob');
    const first = await service().request(ADMIN, key.accessKeyId as KeyId);
    expect(first.ok).toBe(true);
    const second = await service().request(ADMIN, key.accessKeyId as KeyId);
    expect(second.ok === false && second.refusal.reason).toBe('already-requested');
  });

  it('an unreachable store: the person is told, nothing is posted or deleted', async () => {
    const { doc } = createDynamoClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'local',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const key = iam.state.addKey('alice');
    const broken = new ApprovalService({
      accounts: oneAccount(iam.url),
      store: new DynamoApprovalStore(doc, 'keywarden'),
      notifier,
      audit: new DynamoAuditLog(doc, 'keywarden', clock),
      clock,
      log,
      people: new FakePeople(),
      policy: { channel: 'C0APPROVALS', required: 1, expiresAfterHours: 24, approvers: APPROVERS },
    });
    expect(await broken.request(ADMIN, key.accessKeyId as KeyId)).toEqual({
      ok: false,
      refusal: { reason: 'store-unavailable' },
    });
    expect(notifier.posted).toHaveLength(0);
    expect(iam.state.findKey(key.accessKeyId)).toBeDefined();
    doc.destroy();
  });
});
