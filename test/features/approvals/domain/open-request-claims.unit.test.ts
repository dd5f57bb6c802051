import { randomUUID } from 'node:crypto';
import type { ApprovalRequest } from '../../../../src/features/approvals/domain/approval';
import { UNWRITTEN_CLAIM_GRACE_MS } from '../../../../src/features/approvals/domain/open-request-claims';
import type { IamUserName, KeyId } from '../../../../src/kernel/types';
import { createApprovalsDomain } from '../../../../src/features/approvals/domain/create-approvals';
import { actor, fakePorts, type FakePortsOptions } from '../../../support/fakes';

/** The approvals slice's own domain (createApprovalsDomain) over fakes. */
function domain(options: FakePortsOptions = {}) {
  const ports = fakePorts(options);
  const { service, pending } = createApprovalsDomain({ ...ports, pages: ports.store });
  return { ...ports, approvals: service, pending };
}
type Domain = ReturnType<typeof domain>;

// One open request per key, over the fakes; the same through the real receiver and store is
// test/e2e/approval-one-open-request.test.ts, the store's side test/support/contracts/approval-store.ts.
const ALICE = actor('U0ALICE', { iamUser: 'alice' as IamUserName });
const BOB = actor('U0BOB', { isApprover: true });

const reason = (outcome: { ok: boolean; refusal?: { reason: string } }) =>
  outcome.ok ? 'ok' : outcome.refusal?.reason;

describe('one open deletion request per key', () => {
  let d: Domain;
  let keyId: KeyId;
  beforeEach(() => {
    d = domain();
    keyId = d.iam.addKey('alice').keyId;
  });

  async function requested(): Promise<ApprovalRequest> {
    const outcome = await d.approvals.request(ALICE, keyId, 'leaked');
    if (!outcome.ok) throw new Error(`not requested: ${outcome.refusal.reason}`);
    return outcome.value;
  }

  it('the key is claimed for the request; a second request is refused, pointed at the first, and audited', async () => {
    const first = await requested();
    expect((await d.store.keyClaim(keyId))?.requestId).toBe(first.id);
    const second = await d.approvals.request(ALICE, keyId, 'again');
    expect(second).toMatchObject({
      ok: false,
      refusal: {
        reason: 'already-requested',
        requestId: first.id,
        link: expect.stringContaining('archives'),
      },
    });
    expect(d.store.all()).toHaveLength(1);
    expect(d.audit.summary().at(-1)).toBe('request-deletion:refused:already-requested');
  });

  it.each([
    [
      'rejected',
      async (d: Domain, r: ApprovalRequest) => d.approvals.reject(BOB, r.id, r.message, 'keep it'),
    ],
    ['withdrawn', async (d: Domain, r: ApprovalRequest) => d.approvals.withdraw(ALICE, r.id, r.message)],
    ['deleted', async (d: Domain, r: ApprovalRequest) => d.approvals.approve(BOB, r.id, r.message)],
  ])('a request that ended (%s) releases its key', async (_how, end) => {
    const first = await requested();
    expect((await end(d, first)).ok).toBe(true);
    expect(await d.store.keyClaim(keyId)).toMatchObject({ keyId });
    expect((await d.store.keyClaim(keyId))?.requestId).toBeUndefined();
  });

  it('a claim left on an ended request (its release lost) is taken over by the next request', async () => {
    const first = await requested();
    d.store.faults.fail('releaseKey');
    expect((await d.approvals.reject(BOB, first.id, first.message)).ok).toBe(true);
    expect((await d.store.keyClaim(keyId))?.requestId).toBe(first.id);
    const second = await requested();
    expect((await d.store.keyClaim(keyId))?.requestId).toBe(second.id);
  });

  it('an expired pending request no longer holds its key', async () => {
    await requested();
    d.clock.advanceHours(24);
    expect(reason(await d.approvals.request(ALICE, keyId, 'again'))).toBe('ok');
  });

  it('a claim whose request was never written (its writer crashed) holds the key for a grace, then is voided and taken over', async () => {
    const crashed = randomUUID();
    await d.store.claimKey(keyId, crashed, d.clock.now());
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const young = d.approvals.request(ALICE, keyId, 'too soon');
      await jest.advanceTimersByTimeAsync(5_000);
      expect(await young).toEqual({
        ok: false,
        refusal: { reason: 'already-requested', requestId: crashed },
      });
    } finally {
      jest.useRealTimers();
    }
    d.clock.advance(UNWRITTEN_CLAIM_GRACE_MS);
    const taken = await requested();
    expect((await d.store.keyClaim(keyId))?.requestId).toBe(taken.id);
    // The crashed writer, back late, can no longer write its request.
    expect(await d.store.create({ ...taken, id: crashed })).toBe(false);
    expect(d.store.peek(crashed)).toBeUndefined();
  });

  it('a requester whose claim was voided meanwhile looks again and is pointed at the request that took the key', async () => {
    const create = d.store.create.bind(d.store);
    let other: ApprovalRequest | undefined;
    d.store.create = async (request) => {
      if (!other) {
        // Another requester judged this claim abandoned: voided it, took the key, wrote its own.
        await d.store.voidRequest(request.id);
        other = { ...request, id: randomUUID(), message: { channel: 'C0APPROVALS', ts: '9.000100' } };
        await d.store.claimKey(keyId, other.id, d.clock.now(), request.id);
        await create(other);
      }
      return create(request);
    };
    const outcome = await d.approvals.request(ALICE, keyId, 'late');
    expect(outcome).toMatchObject({
      ok: false,
      refusal: { reason: 'already-requested', requestId: other?.id },
    });
    expect(d.store.all().map((request) => request.id)).toEqual([other?.id]);
    expect(d.notifier.posted).toEqual([]);
  });

  it('an open request from before claims (no claim item) still blocks a second one', async () => {
    const bobsKey = d.iam.addKey('bob').keyId;
    const legacy = { ...(await requested()), id: randomUUID(), keyId: bobsKey, owner: 'bob' as IamUserName };
    d.store.put(legacy);
    expect(await d.store.keyClaim(bobsKey)).toBeUndefined();
    expect(await d.approvals.request(actor('U0ADMIN', { isAdmin: true }), bobsKey, 'again')).toMatchObject({
      ok: false,
      refusal: { reason: 'already-requested', requestId: legacy.id },
    });
  });
});
