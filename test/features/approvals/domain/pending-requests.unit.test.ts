import type { ApprovalRequest } from '../../../../src/features/approvals/domain/approval';
import { createApprovalsDomain } from '../../../../src/features/approvals/domain/create-approvals';
import { PENDING_PAGE } from '../../../../src/features/approvals/domain/pending-requests';
import type { IamUserName, KeyId } from '../../../../src/kernel/types';
import { actor, fakePorts, POLICY, storeUnavailable } from '../../../support/fakes';

// The one read model of pending requests: `/keys approvals` pages it, the Home reads a person's own.
const ALICE = actor('U0ALICE', { iamUser: 'alice' as IamUserName });
const BOB = actor('U0BOB', { isApprover: true });
const ADMIN = actor('U0ADMIN', { isAdmin: true });

/** The approvals slice's own domain (createApprovalsDomain) over fakes. */
function domain() {
  const ports = fakePorts();
  const { service, pending } = createApprovalsDomain({ ...ports, pages: ports.store });
  return { ...ports, approvals: service, pending };
}
type Domain = ReturnType<typeof domain>;

async function requested(d: Domain, keyId: KeyId, by = ALICE): Promise<ApprovalRequest> {
  const outcome = await d.approvals.request(by, keyId, 'leaked');
  if (!outcome.ok) throw new Error(`not requested: ${outcome.refusal.reason}`);
  return outcome.value;
}

describe('PendingRequests.page', () => {
  it('approvers and admins see every live request, anyone else their own', async () => {
    const d = domain();
    const mine = await requested(d, d.iam.addKey('alice').keyId);
    await requested(d, d.iam.addKey('bob').keyId, ADMIN);
    const ids = async (who: typeof ALICE) => {
      const outcome = await d.pending.page(who);
      return outcome.ok ? outcome.value.items.map((r) => r.id) : [];
    };
    expect(await ids(BOB)).toHaveLength(2);
    expect(await ids(ADMIN)).toHaveLength(2);
    expect(await ids(ALICE)).toEqual([mine.id]);
    d.clock.advanceHours(POLICY.expiresAfterHours);
    expect(await ids(BOB)).toEqual([]);
  });

  it('pages oldest first, with Next and Previous positions', async () => {
    const d = domain();
    const made: string[] = [];
    for (let i = 0; i <= PENDING_PAGE; i++) {
      made.push((await requested(d, d.iam.addKey(`user${i}`).keyId, ADMIN)).id);
      d.clock.advance(1000);
    }
    const first = await d.pending.page(BOB);
    if (!first.ok || !first.value.next) throw new Error('no first page with a next');
    expect(first.value.items.map((r) => r.id)).toEqual(made.slice(0, PENDING_PAGE));
    const second = await d.pending.page(BOB, { after: first.value.next });
    expect(second).toMatchObject({ ok: true, value: { items: [{ id: made[PENDING_PAGE] }] } });
  });
});

describe('PendingRequests.mine', () => {
  it("a person's own live requests, oldest first, whoever they are", async () => {
    const d = domain();
    const older = await requested(d, d.iam.addKey('alice').keyId);
    d.clock.advance(1000);
    const newer = await requested(d, d.iam.addKey('alice').keyId);
    await requested(d, d.iam.addKey('bob').keyId, ADMIN);
    const ids = async (who: typeof ALICE) => {
      const outcome = await d.pending.mine(who);
      return outcome.ok ? outcome.value.map((r) => r.id) : [];
    };
    expect(await ids(ALICE)).toEqual([older.id, newer.id]);
    // An approver's own list is their own requests, not everyone's.
    expect(await ids(BOB)).toEqual([]);
    expect(await ids(ADMIN)).toHaveLength(1);
    d.clock.advanceHours(POLICY.expiresAfterHours);
    expect(await ids(ALICE)).toEqual([]);
  });

  it('a store that does not answer is a refusal, not an empty list', async () => {
    const d = domain();
    await requested(d, d.iam.addKey('alice').keyId);
    d.store.faults.fail('slice', storeUnavailable());
    expect(await d.pending.mine(ALICE)).toMatchObject({
      ok: false,
      refusal: { reason: 'store-unavailable' },
    });
  });
});
