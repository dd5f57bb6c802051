import type { ApprovalRequest, MessageRef } from '../../../../src/features/approvals/domain/approval';
import {
  SWEEP_GRACE_MS,
  WITHDRAWAL_NOT_STORED,
} from '../../../../src/features/approvals/domain/approval-service';
import { LEASE_MS } from '../../../../src/features/approvals/domain/deletion-executor';
import { ApprovalService } from '../../../../src/features/approvals/domain/approval-service';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import { createApprovalsDomain } from '../../../../src/features/approvals/domain/create-approvals';
import {
  actor,
  iamError,
  storeUnavailable,
  fakePorts,
  type FakePortsOptions,
  POLICY,
} from '../../../support/fakes';

/** The approvals slice's own domain (createApprovalsDomain) over fakes. */
function domain(options: FakePortsOptions = {}) {
  const ports = fakePorts(options);
  const { service, pending } = createApprovalsDomain({ ...ports, pages: ports.store });
  return { ...ports, approvals: service, pending };
}
type Domain = ReturnType<typeof domain>;

// The same service over the real store and IAM is in approval-service.test.ts; this is its fast lane.
const ALICE = actor('U0ALICE', { iamUser: 'alice' as IamUserName });
const BOB = actor('U0BOB', { isApprover: true });
const CAROL = actor('U0CAROL', { isApprover: true });
const ADMIN = actor('U0ADMIN', { isAdmin: true });

async function requested(d: Domain, keyId: KeyId, by = ALICE): Promise<ApprovalRequest> {
  const outcome = await d.approvals.request(by, keyId, 'leaked');
  if (!outcome.ok) throw new Error(`not requested: ${outcome.refusal.reason}`);
  return outcome.value;
}

const reason = (outcome: { ok: boolean; refusal?: { reason: string } }) =>
  outcome.ok ? 'ok' : outcome.refusal?.reason;

describe('ApprovalService.request', () => {
  let d: Domain;
  let keyId: KeyId;
  beforeEach(() => {
    d = domain();
    keyId = d.iam.addKey('alice').keyId;
  });

  it('stores the request before posting it, then attaches the message; audited with the reason', async () => {
    let storedWhenPosted: ApprovalRequest | undefined;
    const post = d.notifier.post.bind(d.notifier);
    d.notifier.post = async (request) => {
      storedWhenPosted = d.store.peek(request.id);
      return post(request);
    };
    const request = await requested(d, keyId);
    expect(storedWhenPosted).toMatchObject({ state: 'PENDING', keyId, owner: 'alice' });
    expect(d.store.peek(request.id)?.message).toEqual({ channel: 'C0APPROVALS', ts: '1.000100' });
    expect(request.expiresAt.getTime() - request.createdAt.getTime()).toBe(
      POLICY.expiresAfterHours * 3_600_000,
    );
    expect(request.key).toMatchObject({ status: 'Active' });
    expect(d.audit.summary()).toEqual(['request-deletion:ok:leaked']);
    expect(d.iam.mutations()).toEqual([]);
  });

  it('refuses without an approvals policy, a stranger (audited), and an unknown key', async () => {
    expect(reason(await domain({ policy: null }).approvals.request(ALICE, keyId))).toBe(
      'approvals-not-configured',
    );
    expect(reason(await d.approvals.request(actor('U0MALLORY'), keyId))).toBe('not-allowed');
    expect(d.audit.summary()).toEqual(['request-deletion:refused:not-allowed']);
    expect(reason(await d.approvals.request(ADMIN, 'AKIANOSUCHKEY0000000' as KeyId))).toBe('no-such-key');
    expect(d.store.all()).toEqual([]);
  });

  it('a key its caller resolved is not read again, and its owner is still checked (audited)', async () => {
    const resolved = await d.accounts.resolve(keyId, ALICE.slackUserId);
    if (!resolved.ok) throw new Error(resolved.refusal.reason);
    d.iam.calls.length = 0;

    expect(reason(await d.approvals.request(actor('U0MALLORY'), resolved.value, 'leaked'))).toBe(
      'not-allowed',
    );
    const opened = await d.approvals.request(ALICE, resolved.value, 'leaked');

    expect(opened).toMatchObject({ ok: true, value: { keyId, owner: 'alice', key: { status: 'Active' } } });
    expect(d.iam.calls).toEqual([]);
    expect(d.audit.summary()).toEqual(['request-deletion:refused:not-allowed', 'request-deletion:ok:leaked']);
  });

  it('a second request for a key with one open is refused; an expired one does not block', async () => {
    const first = await requested(d, keyId);
    expect(await d.approvals.request(ADMIN, keyId)).toEqual({
      ok: false,
      refusal: {
        reason: 'already-requested',
        requestId: first.id,
        channel: first.message?.channel,
        link: await d.notifier.linkTo(first.message as MessageRef),
      },
    });
    expect(d.notifier.posted).toHaveLength(1);
    d.clock.advanceHours(POLICY.expiresAfterHours);
    expect(reason(await d.approvals.request(ADMIN, keyId))).toBe('ok');
  });

  it('a store that cannot be reached: store-unavailable, nothing posted', async () => {
    d.store.faults.fail('create', storeUnavailable());
    expect(reason(await d.approvals.request(ALICE, keyId))).toBe('store-unavailable');
    expect(d.notifier.posted).toEqual([]);
  });

  it('a message that cannot be posted withdraws the request: REJECTED, never approvable', async () => {
    d.notifier.faults.fail('post', new Error('channel_not_found'));
    expect(reason(await d.approvals.request(ALICE, keyId))).toBe('approval-post-failed');
    const [stored] = d.store.all();
    expect(stored).toMatchObject({ state: 'REJECTED', outcome: { kind: 'withdrawn', by: 'system' } });
    expect(d.audit.summary()).toEqual(['request-deletion:failed:post-failed']);
  });

  it('a withdrawal the store never takes is audited as not stored, and the sweep withdraws it later', async () => {
    d.notifier.faults.fail('post', new Error('channel_not_found'));
    d.store.faults.fail('transition', storeUnavailable(), 3);
    // The withdrawal's retries pause on real timers; fake ones keep the lane fast.
    jest.useFakeTimers();
    const answer = d.approvals.request(ALICE, keyId);
    await jest.advanceTimersByTimeAsync(2_000);
    jest.useRealTimers();
    expect(reason(await answer)).toBe('approval-post-failed');
    expect(d.audit.summary()).toContain(`request-deletion:failed:${WITHDRAWAL_NOT_STORED}`);
    const [stored] = d.store.all();
    expect(stored?.state).toBe('PENDING');
    expect(
      reason(await d.approvals.approve(BOB, stored!.id, { channel: 'C0APPROVALS', ts: '1.000100' })),
    ).toBe('wrong-message');
    d.clock.advance(SWEEP_GRACE_MS);
    expect(await d.approvals.sweep()).toEqual({ executed: 0, expired: 0, withdrawn: 1, reminded: 0 });
    expect(d.store.peek(stored!.id)?.state).toBe('REJECTED');
  });
});

describe('ApprovalService decisions', () => {
  let d: Domain;
  let keyId: KeyId;
  let request: ApprovalRequest;
  beforeEach(async () => {
    d = domain();
    keyId = d.iam.addKey('alice').keyId;
    request = await requested(d, keyId);
  });

  it('an approver approves: APPROVED, leased, the key deleted naming its owner, EXECUTED, everyone told', async () => {
    const outcome = await d.approvals.approve(BOB, request.id, request.message);
    expect(outcome).toMatchObject({
      ok: true,
      value: { state: 'EXECUTED', outcome: { kind: 'deleted', by: 'U0BOB' } },
    });
    expect(d.iam.mutations()).toEqual([{ method: 'deleteKey', owner: 'alice', keyId }]);
    const stored = d.store.peek(request.id);
    expect(stored?.history.map((entry) => entry.state)).toEqual([
      'PENDING',
      'APPROVED',
      'EXECUTING',
      'EXECUTED',
    ]);
    expect(stored?.lease).toMatchObject({ replica: 'replica-a', by: 'U0BOB' });
    expect(d.notifier.updates.at(-1)?.state).toBe('EXECUTED');
    expect(d.notifier.told.map((told) => told.state)).toEqual(['EXECUTED']);
    expect(d.audit.summary().slice(1)).toEqual(['approve:ok', 'delete:ok:deleted']);
  });

  it('the requester may not approve their own request, approver or not', async () => {
    const own = await requested(
      d,
      d.iam.addKey('bob').keyId,
      actor('U0BOB', { isApprover: true, isAdmin: true }),
    );
    expect(reason(await d.approvals.approve(BOB, own.id, own.message))).toBe('self-approval');
    expect(d.store.peek(own.id)?.state).toBe('PENDING');
    expect(d.audit.summary().at(-1)).toBe('approve:refused:self-approval');
  });

  it('a non-approver, an admin included, may not approve', async () => {
    expect(reason(await d.approvals.approve(ADMIN, request.id, request.message))).toBe('not-approver');
    expect(d.iam.mutations()).toEqual([]);
  });

  it('a click on another message, or on none, is wrong-message; an unknown id no-such-request', async () => {
    expect(reason(await d.approvals.approve(BOB, request.id, { channel: 'C0APPROVALS', ts: '9.9' }))).toBe(
      'wrong-message',
    );
    expect(reason(await d.approvals.approve(BOB, request.id, undefined))).toBe('wrong-message');
    expect(reason(await d.approvals.approve(BOB, 'no-such-id', request.message))).toBe('no-such-request');
    expect(d.iam.mutations()).toEqual([]);
  });

  it('an expired request cannot be approved: it is marked EXPIRED and the refusal audited', async () => {
    d.clock.advanceHours(POLICY.expiresAfterHours);
    expect(reason(await d.approvals.approve(BOB, request.id, request.message))).toBe('expired');
    expect(d.store.peek(request.id)).toMatchObject({
      state: 'EXPIRED',
      outcome: { kind: 'expired', by: 'system' },
    });
    expect(d.audit.summary().slice(-2)).toEqual(['expire:ok', 'approve:refused:expired']);
    expect(d.iam.mutations()).toEqual([]);
  });

  it('reject keeps the key; a later approval is not-pending, naming the state', async () => {
    const rejected = await d.approvals.reject(CAROL, request.id, request.message);
    expect(rejected).toMatchObject({
      ok: true,
      value: { state: 'REJECTED', outcome: { kind: 'rejected', by: 'U0CAROL' } },
    });
    expect(d.notifier.told.map((told) => told.state)).toEqual(['REJECTED']);
    expect(await d.approvals.approve(BOB, request.id, request.message)).toEqual({
      ok: false,
      refusal: { reason: 'not-pending', state: 'REJECTED' },
    });
    expect(d.iam.keyOf(keyId)).toBeDefined();
  });

  it('a lost race: a rejection stored first turns the approval into not-pending, and nothing is deleted', async () => {
    d.store.beforeNextTransition(async () => {
      await d.approvals.reject(CAROL, request.id, request.message);
    });
    expect(await d.approvals.approve(BOB, request.id, request.message)).toEqual({
      ok: false,
      refusal: { reason: 'not-pending', state: 'REJECTED' },
    });
    expect(d.iam.mutations()).toEqual([]);
  });

  it('two approvers clicking at once on a one-approval request: one deletion', async () => {
    const clicks = await Promise.all([
      d.approvals.approve(BOB, request.id, request.message),
      d.approvals.approve(CAROL, request.id, request.message),
    ]);
    expect(clicks.map(reason).sort()).toEqual(['not-pending', 'ok']);
    expect(d.iam.callsOf('deleteKey')).toHaveLength(1);
  });
});

describe('ApprovalService with two approvals required', () => {
  let d: Domain;
  let request: ApprovalRequest;
  beforeEach(async () => {
    d = domain({ policy: { ...POLICY, required: 2 } });
    request = await requested(d, d.iam.addKey('alice').keyId);
  });

  it('one approver is not enough and cannot count twice; a second one deletes', async () => {
    expect(await d.approvals.approve(BOB, request.id, request.message)).toMatchObject({
      ok: true,
      value: { state: 'PENDING', approvals: [{ by: 'U0BOB' }] },
    });
    expect(reason(await d.approvals.approve(BOB, request.id, request.message))).toBe('already-approved');
    expect(d.iam.mutations()).toEqual([]);
    expect(await d.approvals.approve(CAROL, request.id, request.message)).toMatchObject({
      ok: true,
      value: { state: 'EXECUTED' },
    });
  });

  it("an approval that loses the race to another approver's is decided again on the winner's write", async () => {
    d.store.beforeNextTransition(async () => {
      await d.approvals.approve(CAROL, request.id, request.message);
    });
    expect(await d.approvals.approve(BOB, request.id, request.message)).toMatchObject({
      ok: true,
      value: { state: 'EXECUTED' },
    });
    expect(d.store.peek(request.id)?.approvals.map((approval) => approval.by)).toEqual(['U0CAROL', 'U0BOB']);
    expect(d.iam.callsOf('deleteKey')).toHaveLength(1);
  });
});

describe('the deletion and its lease', () => {
  let d: Domain;
  let keyId: KeyId;
  let request: ApprovalRequest;
  beforeEach(async () => {
    d = domain();
    keyId = d.iam.addKey('alice').keyId;
    request = await requested(d, keyId);
  });

  it('IAM unavailable at deletion, asked again and listed: the lease is given back, APPROVED, the message says so, and the sweep deletes later', async () => {
    d.iam.faults.fail('deleteKey', iamError('IAM_UNAVAILABLE'), 2);
    d.iam.faults.fail('listKeys', iamError('IAM_UNAVAILABLE'));
    expect(await d.approvals.approve(BOB, request.id, request.message)).toMatchObject({
      ok: true,
      value: { state: 'APPROVED', outcome: { kind: 'deferred' } },
    });
    expect(d.iam.callsOf('deleteKey')).toHaveLength(2);
    expect(d.store.peek(request.id)?.lease).toBeUndefined();
    expect(d.notifier.updates.at(-1)).toMatchObject({ state: 'APPROVED', outcome: { kind: 'deferred' } });
    expect(d.audit.summary()).toContain('delete:failed:IAM_UNAVAILABLE; will retry');
    expect(await d.approvals.sweep()).toEqual({ executed: 0, expired: 0, withdrawn: 0, reminded: 0 });
    d.clock.advance(SWEEP_GRACE_MS);
    expect(await d.approvals.sweep()).toEqual({ executed: 1, expired: 0, withdrawn: 0, reminded: 0 });
    expect(d.iam.keyOf(keyId)).toBeUndefined();
  });

  it.each([
    ['the repeat finds it gone', 0],
    ['the repeat is unclear too, the listing shows it gone', 1],
  ])('IAM deleted the key but lost its answer, %s: deleted at once, no sweep needed', async (_case, more) => {
    const deleteKey = d.iam.deleteKey.bind(d.iam);
    let lost = 1 + more;
    d.iam.deleteKey = async (owner, id) => {
      if (d.iam.keyOf(id)) await deleteKey(owner, id);
      else if (lost === 0) return deleteKey(owner, id);
      if (lost-- > 0) throw iamError('IAM_UNAVAILABLE');
    };
    expect(await d.approvals.approve(BOB, request.id, request.message)).toMatchObject({
      value: { state: 'EXECUTED', outcome: { kind: 'deleted', by: 'U0BOB' } },
    });
    expect(d.iam.keyOf(keyId)).toBeUndefined();
    expect(d.notifier.updates.at(-1)).toMatchObject({ state: 'EXECUTED' });
    expect(d.audit.summary().at(-1)).toBe('delete:ok:deleted');
  });

  it('a key already gone counts as deleted (already-gone); access denied is FAILED', async () => {
    await d.iam.deleteKey('alice' as IamUserName, keyId);
    expect(await d.approvals.approve(BOB, request.id, request.message)).toMatchObject({
      value: { state: 'EXECUTED', outcome: { kind: 'already-gone' } },
    });
    const other = await requested(d, d.iam.addKey('alice').keyId);
    d.iam.faults.fail('deleteKey', iamError('IAM_ACCESS_DENIED'));
    expect(await d.approvals.approve(BOB, other.id, other.message)).toMatchObject({
      value: { state: 'FAILED', outcome: { kind: 'deletion-failed', detail: 'access denied in IAM' } },
    });
  });

  it('the lease cannot be taken (store down): left APPROVED, the sweep finishes it after its grace', async () => {
    d.store.faults.fail('transition', storeUnavailable(), 1, 1);
    expect(await d.approvals.approve(BOB, request.id, request.message)).toMatchObject({
      value: { state: 'APPROVED' },
    });
    expect(d.iam.keyOf(keyId)).toBeDefined();
    d.clock.advance(SWEEP_GRACE_MS);
    expect((await d.approvals.sweep()).executed).toBe(1);
    expect(d.iam.callsOf('deleteKey')).toHaveLength(1);
  });

  it('a holder that crashed: its lease is left alone until it runs out, then exactly one of two replicas takes over', async () => {
    const approved = await d.store.transition(request, {
      to: 'APPROVED',
      entry: { at: d.clock.now(), by: 'U0BOB' as SlackUserId, state: 'APPROVED' },
      addApproval: { by: 'U0BOB', at: d.clock.now() },
    });
    const lease = {
      id: 'crashed-lease',
      replica: 'replica-gone',
      by: 'U0BOB' as SlackUserId,
      expiresAt: new Date(d.clock.now().getTime() + LEASE_MS),
    };
    await d.store.transition(approved, {
      to: 'EXECUTING',
      entry: { at: d.clock.now(), by: 'U0BOB' as SlackUserId, state: 'EXECUTING', writeId: lease.id },
      lease,
    });
    const second = new ApprovalService({ ...d, policy: POLICY, replica: 'replica-b' });
    expect((await d.approvals.sweep()).executed).toBe(0);
    d.clock.advance(LEASE_MS);
    const [a, b] = await Promise.all([d.approvals.sweep(), second.sweep()]);
    expect(a.executed + b.executed).toBe(1);
    expect(d.iam.callsOf('deleteKey')).toHaveLength(1);
    expect(d.store.peek(request.id)).toMatchObject({
      state: 'EXECUTED',
      outcome: { kind: 'deleted', by: 'U0BOB' },
    });
  });

  it('an APPROVED item that breaks the two-person rule is never executed: FAILED, audited', async () => {
    d.store.put({
      ...request,
      id: 'forged',
      state: 'APPROVED',
      approvals: [{ by: 'U0ALICE' as SlackUserId, at: d.clock.now() }],
    });
    d.clock.advance(SWEEP_GRACE_MS);
    await d.approvals.sweep();
    expect(d.store.peek('forged')).toMatchObject({
      state: 'FAILED',
      outcome: { kind: 'two-person-rule-violated' },
    });
    expect(d.iam.mutations()).toEqual([]);
    expect(d.audit.summary().at(-1)).toBe('delete:refused:two-person-rule-violated: self-approval: U0ALICE');
  });

  it('the sweep expires pending requests whose time is up', async () => {
    d.clock.advanceHours(POLICY.expiresAfterHours);
    expect(await d.approvals.sweep()).toEqual({ executed: 0, expired: 1, withdrawn: 0, reminded: 0 });
    expect(d.store.peek(request.id)?.state).toBe('EXPIRED');
  });
});

describe('a request whose account left the policy', () => {
  let d: Domain;
  let request: ApprovalRequest;
  const GONE = { account: 'prod', accountId: '111111111111' };
  beforeEach(async () => {
    d = domain();
    const keyId = d.iam.addKey('alice').keyId;
    // Made while prod was managed; the policy in force manages only the default account.
    request = { ...(await requested(d, keyId)), ...GONE };
    d.store.put(request);
    d.accounts.callers.length = 0;
  });

  it('an approval is refused with that said: FAILED, the message updated, audited, never carried out elsewhere', async () => {
    expect(await d.approvals.approve(BOB, request.id, request.message)).toEqual({
      ok: false,
      refusal: { reason: 'account-not-managed', ...GONE },
    });
    expect(d.iam.mutations()).toEqual([]);
    expect(d.accounts.callers).toEqual([]);
    const failed = {
      state: 'FAILED',
      outcome: { kind: 'account-not-managed', detail: 'prod (111111111111)' },
    };
    expect(d.store.peek(request.id)).toMatchObject(failed);
    expect(d.notifier.updates.at(-1)).toMatchObject(failed);
    expect(d.notifier.told.at(-1)).toMatchObject(failed);
    expect(d.audit.summary().at(-1)).toBe('approve:refused:account-not-managed: prod (111111111111)');
  });

  it('approved before the policy changed: the deletion refuses it, FAILED and audited', async () => {
    d.store.put({
      ...request,
      state: 'APPROVED',
      approvals: [{ by: 'U0BOB' as SlackUserId, at: d.clock.now() }],
    });
    d.clock.advance(SWEEP_GRACE_MS);
    expect((await d.approvals.sweep()).executed).toBe(1);
    expect(d.iam.mutations()).toEqual([]);
    expect(d.store.peek(request.id)).toMatchObject({
      state: 'FAILED',
      outcome: { kind: 'account-not-managed' },
    });
    expect(d.audit.summary().at(-1)).toBe('delete:refused:account-not-managed: prod (111111111111)');
  });
});
