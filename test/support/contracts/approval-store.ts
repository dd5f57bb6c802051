import { randomUUID } from 'node:crypto';
import type { ApprovalRequest, ExecutionLease } from '../../../src/features/approvals/domain/approval';
import {
  StaleTransitionError,
  type ApprovalStore,
} from '../../../src/features/approvals/domain/ports/approval-store';
import type { IamUserName, KeyId, SlackUserId } from '../../../src/kernel/types';

const NOW = new Date('2026-11-23T10:00:00Z');
const HOUR = 3_600_000;

export function pendingRequest(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: randomUUID(),
    state: 'PENDING',
    keyId: 'AKIAEXAMPLEKEY000001' as KeyId,
    owner: 'alice' as IamUserName,
    requestedBy: 'U0ALICE' as SlackUserId,
    reason: 'leaked',
    createdAt: NOW,
    expiresAt: new Date(NOW.getTime() + HOUR),
    required: 1,
    approvals: [],
    history: [{ at: NOW, by: 'U0ALICE' as SlackUserId, state: 'PENDING' }],
    key: { status: 'Active', createdAt: new Date('2025-01-01T00:00:00Z') },
    version: 1,
    ...overrides,
  };
}

const approve = (by: string, at = NOW) => ({
  to: 'APPROVED' as const,
  entry: { at, by: by as SlackUserId, state: 'APPROVED' as const },
  addApproval: { by, at },
});

const lease = (expiresAt: Date): ExecutionLease => ({
  id: randomUUID(),
  replica: 'replica-a',
  by: 'U0BOB' as SlackUserId,
  expiresAt,
});

const take = (held: ExecutionLease) => ({
  to: 'EXECUTING' as const,
  entry: { at: NOW, by: held.by, state: 'EXECUTING' as const, writeId: held.id },
  lease: held,
});

/**
 * What every ApprovalStore must do (src/features/approvals/domain/ports/approval-store.ts), run against the DynamoDB
 * store and against the in-memory fake: the fake's answers are only worth what this proves.
 */
export function approvalStoreContract(open: () => Promise<{ store: ApprovalStore; close(): Promise<void> }>) {
  let store: ApprovalStore;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await open());
  }, 60_000);
  afterAll(() => close());

  const created = async (overrides: Partial<ApprovalRequest> = {}) => {
    const request = pendingRequest(overrides);
    await store.create(request);
    return request;
  };
  const staleOf = async (write: Promise<unknown>): Promise<StaleTransitionError> => {
    const error = await write.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(StaleTransitionError);
    return error as StaleTransitionError;
  };

  it('reads back what it stored; an unknown id is undefined', async () => {
    const request = await created();
    expect(await store.get(request.id)).toEqual(request);
    expect(await store.get(randomUUID())).toBeUndefined();
  });

  it('the same create sent twice is one create; a different item under the id is refused', async () => {
    const request = await created();
    await expect(store.create({ ...request })).resolves.toBe(true);
    await expect(store.create({ ...request, reason: 'other' })).rejects.toThrow();
    expect((await store.get(request.id))?.reason).toBe('leaked');
  });

  it('a transition moves state, bumps the version, appends history with a write id, adds the approval', async () => {
    const request = await created();
    const approved = await store.transition(request, approve('U0BOB'));
    expect(approved).toMatchObject({ state: 'APPROVED', version: 2, approvals: [{ by: 'U0BOB', at: NOW }] });
    expect(approved.history).toHaveLength(2);
    expect(approved.history[1]?.writeId).toEqual(expect.any(String));
    expect(await store.get(request.id)).toEqual(approved);
  });

  it('a transition from a version or state already left fails, carrying the current item', async () => {
    const request = await created();
    const approved = await store.transition(request, approve('U0BOB'));
    const stale = await staleOf(store.transition(request, approve('U0CAROL')));
    expect(stale.current).toEqual(approved);
    await staleOf(store.transition({ ...approved, state: 'PENDING' }, approve('U0CAROL')));
    expect((await store.get(request.id))?.approvals).toHaveLength(1);
  });

  it('a transition of a request that does not exist fails with no current item', async () => {
    const stale = await staleOf(store.transition(pendingRequest(), approve('U0BOB')));
    expect(stale.current).toBeUndefined();
  });

  it('requireUnexpiredAt: refused at and after expiresAt, whatever the item still says', async () => {
    const request = await created();
    await staleOf(store.transition(request, approve('U0BOB'), { requireUnexpiredAt: request.expiresAt }));
    const before = new Date(request.expiresAt.getTime() - 1000);
    await expect(
      store.transition(request, approve('U0BOB'), { requireUnexpiredAt: before }),
    ).resolves.toMatchObject({ state: 'APPROVED' });
  });

  it('a lease is held, required, given back; a take-over fails once its holder wrote again', async () => {
    const request = await created();
    const approved = await store.transition(request, approve('U0BOB'));
    const held = lease(new Date(NOW.getTime() + 5 * 60_000));
    const leased = await store.transition(approved, take(held));
    expect(leased.lease).toEqual(held);
    // The holder renews (a write under its lease): a take-over naming the lease as first seen fails.
    const renewal = {
      to: 'EXECUTING' as const,
      entry: { at: NOW, by: held.by, state: 'EXECUTING' as const },
    };
    const renewed = await store.transition(leased, { ...renewal, lease: held }, { requireLease: held.id });
    expect(renewed.version).toBe(leased.version + 1);
    await staleOf(store.transition(leased, take(lease(NOW)), { requireLease: held.id }));
    const giveBack = { to: 'APPROVED' as const, entry: { at: NOW, by: held.by, state: 'APPROVED' as const } };
    await staleOf(store.transition(renewed, { ...giveBack, lease: null }, { requireLease: randomUUID() }));
    const given = await store.transition(renewed, { ...giveBack, lease: null }, { requireLease: held.id });
    expect(given.state).toBe('APPROVED');
    expect(given.lease).toBeUndefined();
  });

  it('an abandoned lease is taken over by exactly one of two sweeps', async () => {
    const approved = await store.transition(await created(), approve('U0BOB'));
    const held = lease(new Date(NOW.getTime() + 60_000));
    const leased = await store.transition(approved, take(held));
    const later = new Date(NOW.getTime() + 2 * 60_000);
    const sweeps = [lease(later), lease(later)].map((next) =>
      store.transition(leased, take(next), { requireLease: held.id }),
    );
    const results = await Promise.allSettled(sweeps);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  const freshKeyId = () => `AKIACLAIM${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}` as KeyId;

  it('a key is claimed once: a second claim of a held key fails, one naming the holder replaces it', async () => {
    const keyId = freshKeyId();
    expect(await store.keyClaim(keyId)).toBeUndefined();
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    const claims = await Promise.all([first, second].map((id) => store.claimKey(keyId, id, NOW)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const holder = claims[0] ? first : second;
    expect(await store.keyClaim(keyId)).toEqual({ keyId, requestId: holder, claimedAt: NOW });
    expect(await store.claimKey(keyId, third, NOW, 'not-the-holder')).toBe(false);
    expect(await store.claimKey(keyId, third, NOW, holder)).toBe(true);
    expect((await store.keyClaim(keyId))?.requestId).toBe(third);
    // The same claim sent again after a lost answer is this claim, not a lost race.
    expect(await store.claimKey(keyId, third, NOW, holder)).toBe(true);
  });

  it('a released claim is free again; releasing names the request, so a newer claim stays', async () => {
    const keyId = freshKeyId();
    const [first, second] = [randomUUID(), randomUUID()];
    await store.claimKey(keyId, first, NOW);
    await store.releaseKey(keyId, 'someone-else', NOW);
    expect((await store.keyClaim(keyId))?.requestId).toBe(first);
    await store.releaseKey(keyId, first, NOW);
    expect((await store.keyClaim(keyId))?.requestId).toBeUndefined();
    expect(await store.claimKey(keyId, second, NOW)).toBe(true);
    await store.releaseKey(keyId, first, NOW);
    expect((await store.keyClaim(keyId))?.requestId).toBe(second);
  });

  it('a voided request id can no longer be created; a request that exists cannot be voided', async () => {
    const unwritten = pendingRequest();
    expect(await store.voidRequest(unwritten.id, NOW)).toBe(true);
    expect(await store.voidRequest(unwritten.id, NOW)).toBe(true);
    expect(await store.create(unwritten)).toBe(false);
    expect(await store.get(unwritten.id)).toBeUndefined();
    const written = await created();
    expect(await store.voidRequest(written.id, NOW)).toBe(false);
    expect(await store.get(written.id)).toMatchObject({ id: written.id, state: 'PENDING' });
  });

  it('a write sent again (the same write id) is recognised as done, not read as a lost race', async () => {
    const request = await created();
    const change = approve('U0BOB');
    const entry = { ...change.entry, writeId: randomUUID() };
    const first = await store.transition(request, { ...change, entry });
    await expect(store.transition(request, { ...change, entry })).resolves.toEqual(first);
    expect((await store.get(request.id))?.approvals).toHaveLength(1);
  });

  it('an outcome is stored with the transition', async () => {
    const request = await created();
    const rejected = await store.transition(request, {
      to: 'REJECTED',
      entry: { at: NOW, by: 'U0BOB' as SlackUserId, state: 'REJECTED' },
      outcome: { kind: 'rejected', by: 'U0BOB' as SlackUserId },
    });
    expect((await store.get(request.id))?.outcome).toEqual({ kind: 'rejected', by: 'U0BOB' });
    expect(rejected.state).toBe('REJECTED');
  });

  it('attachMessage sets the message and keeps the version the next write names', async () => {
    const request = await created();
    await store.attachMessage(request.id, { channel: 'C0APPROVALS', ts: '1.000' });
    const stored = await store.get(request.id);
    expect(stored).toMatchObject({ message: { channel: 'C0APPROVALS', ts: '1.000' }, version: 1 });
    await expect(store.transition(request, approve('U0BOB'))).resolves.toMatchObject({ version: 2 });
  });

  it('listByState lists one open state, oldest first; a request that left it is gone from it', async () => {
    const keyId = `AKIALIST${randomUUID().replace(/-/g, '').slice(0, 12)}` as KeyId;
    const newer = await created({ keyId, createdAt: new Date(NOW.getTime() + 2000) });
    const older = await created({ keyId, createdAt: new Date(NOW.getTime() + 1000) });
    const left = await created({ keyId });
    await store.transition(left, approve('U0BOB'));
    const mine = (list: ApprovalRequest[]) =>
      list.filter((request) => request.keyId === keyId).map((r) => r.id);
    expect(mine(await store.listByState('PENDING'))).toEqual([older.id, newer.id]);
    expect(mine(await store.listByState('APPROVED'))).toEqual([left.id]);
  });
}
