import type { ApprovalRequest } from '../../../../src/features/approvals/domain/approval';
import { ApprovalService, SWEEP_GRACE_MS } from '../../../../src/features/approvals/domain/approval-service';
import { LEASE_MS } from '../../../../src/features/approvals/domain/deletion-executor';
import type { IamUserName, KeyId } from '../../../../src/kernel/types';
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

// The same executor over the real store and IAM is in deletion-executor.test.ts; this is its fast lane.
const ALICE = actor('U0ALICE', { iamUser: 'alice' as IamUserName });
const BOB = actor('U0BOB', { isApprover: true });

describe('DeletionExecutor through the approval service, over the fakes', () => {
  let d: Domain;
  let keyId: KeyId;
  let request: ApprovalRequest;
  beforeEach(async () => {
    d = domain();
    keyId = d.iam.addKey('alice').keyId;
    const outcome = await d.approvals.request(ALICE, keyId, 'leaked');
    if (!outcome.ok) throw new Error(outcome.refusal.reason);
    request = outcome.value;
  });

  /** Runs `work` on fake timers: the store retries pause on real ones otherwise. */
  async function onFakeTimers<T>(work: () => Promise<T>): Promise<T> {
    jest.useFakeTimers();
    try {
      const pending = work();
      await jest.advanceTimersByTimeAsync(1_000);
      return await pending;
    } finally {
      jest.useRealTimers();
    }
  }

  it('the key deleted but its record refused: answered EXECUTED as it ended; the sweep records it once the lease runs out', async () => {
    // The approval and the lease are stored; the three finishing writes are not.
    d.store.faults.fail('transition', storeUnavailable(), 3, 2);
    const outcome = await onFakeTimers(() => d.approvals.approve(BOB, request.id, request.message));
    expect(outcome).toMatchObject({
      ok: true,
      value: { state: 'EXECUTED', outcome: { kind: 'deleted', by: 'U0BOB' } },
    });
    expect(d.iam.keyOf(keyId)).toBeUndefined();
    expect(d.store.peek(request.id)?.state).toBe('EXECUTING');
    expect(d.notifier.updates.at(-1)?.state).toBe('EXECUTED');

    expect((await d.approvals.sweep()).executed).toBe(0);
    d.clock.advance(LEASE_MS);
    expect((await d.approvals.sweep()).executed).toBe(1);
    // Gone after a take-over means the old holder deleted it: "deleted", in the approver's name.
    expect(d.store.peek(request.id)).toMatchObject({
      state: 'EXECUTED',
      outcome: { kind: 'deleted', by: 'U0BOB' },
    });
    expect(d.audit.summary().at(-1)).toBe('delete:ok:deleted (finished by the sweep)');
    expect(d.iam.callsOf('deleteKey')).toHaveLength(2);
  });

  it('IAM down and the lease not given back: left EXECUTING, taken over once the sweep saw it abandoned, deleted once', async () => {
    d.iam.faults.fail('deleteKey', iamError('IAM_UNAVAILABLE'), 2);
    d.iam.faults.fail('listKeys', iamError('IAM_UNAVAILABLE'));
    // Stored: the approval, the lease, its renewal; refused: giving it back.
    d.store.faults.fail('transition', storeUnavailable(), 1, 3);
    expect(await d.approvals.approve(BOB, request.id, request.message)).toMatchObject({
      value: { state: 'APPROVED', outcome: { kind: 'deferred' } },
    });
    expect(d.store.peek(request.id)?.state).toBe('EXECUTING');
    d.clock.advance(SWEEP_GRACE_MS);
    expect((await d.approvals.sweep()).executed).toBe(0);
    d.clock.advance(LEASE_MS - 1);
    expect((await d.approvals.sweep()).executed).toBe(0);
    d.clock.advance(1);
    expect((await d.approvals.sweep()).executed).toBe(1);
    expect(d.iam.keyOf(keyId)).toBeUndefined();
    expect(d.store.peek(request.id)?.state).toBe('EXECUTED');
  });

  it("a holder slower than its lease: the take-over finishes it, and the holder's late write is refused", async () => {
    const other = new ApprovalService({ ...d, policy: POLICY, replica: 'replica-b' });
    const deleteKey = d.iam.deleteKey.bind(d.iam);
    let slowOnce = true;
    d.iam.deleteKey = async (owner, id) => {
      await deleteKey(owner, id);
      if (!slowOnce) return;
      slowOnce = false;
      // The other replica watches the lease stand unchanged for LEASE_MS of its own time.
      await other.sweep();
      d.clock.advance(LEASE_MS);
      await other.sweep();
    };
    const outcome = await d.approvals.approve(BOB, request.id, request.message);
    expect(outcome).toMatchObject({ ok: true, value: { state: 'EXECUTED' } });
    const stored = d.store.peek(request.id);
    expect(stored?.lease?.replica).toBe('replica-b');
    expect(stored?.history.filter((entry) => entry.state === 'EXECUTED')).toHaveLength(1);
  });
});
