import { randomUUID } from 'node:crypto';
import type { Cleanup, CleanupStore } from '../../../src/features/creation/domain/cleanup';
import type { IamUserName, KeyId, SlackUserId } from '../../../src/kernel/types';

export function openCleanup(overrides: Partial<Cleanup> = {}): Cleanup {
  return {
    id: randomUUID(),
    state: 'OPEN',
    version: 1,
    kind: 'delete-undelivered',
    owner: 'alice' as IamUserName,
    keyId: 'AKIAEXAMPLEKEY000001' as KeyId,
    askedBy: 'U0ALICE' as SlackUserId,
    createdAt: new Date('2026-11-23T10:00:00Z'),
    attempts: 0,
    ...overrides,
  };
}

/**
 * What every VersionedStore (and the cleanup store's listing) must do, run against DynamoDB and the
 * in-memory fake alike: replace wins only from the state and version it names, exactly once.
 */
export function versionedStoreContract(open: () => Promise<{ store: CleanupStore; close(): Promise<void> }>) {
  let store: CleanupStore;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await open());
  }, 60_000);
  afterAll(() => close());

  it('reads back what it stored; a second create of the id is refused', async () => {
    const cleanup = openCleanup();
    await store.create(cleanup);
    expect(await store.get(cleanup.id)).toEqual(cleanup);
    await expect(store.create({ ...cleanup, attempts: 5 })).rejects.toThrow();
    expect(await store.get(randomUUID())).toBeUndefined();
  });

  it('replace: true from the state and version read; false once stale; false for a missing record', async () => {
    const cleanup = openCleanup();
    await store.create(cleanup);
    const done = { ...cleanup, state: 'DONE' as const, version: 2, outcome: 'deleted' };
    expect(await store.replace(done, { state: 'OPEN', version: 1 })).toBe(true);
    expect(await store.replace({ ...done, outcome: 'again' }, { state: 'OPEN', version: 1 })).toBe(false);
    expect(await store.replace({ ...done, version: 3 }, { state: 'DONE', version: 1 })).toBe(false);
    expect(await store.get(cleanup.id)).toEqual(done);
    expect(await store.replace(openCleanup({ version: 2 }), { state: 'OPEN', version: 1 })).toBe(false);
  });

  it('of two replaces from the same version, exactly one wins', async () => {
    const cleanup = openCleanup();
    await store.create(cleanup);
    const wins = await Promise.all(
      ['a', 'b'].map((outcome) =>
        store.replace({ ...cleanup, state: 'DONE', version: 2, outcome }, { state: 'OPEN', version: 1 }),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('listOpen: open cleanups only, oldest first', async () => {
    const owner = `user-${randomUUID().slice(0, 8)}` as IamUserName;
    const later = openCleanup({ owner, createdAt: new Date('2026-11-23T12:00:00Z') });
    const earlier = openCleanup({ owner, createdAt: new Date('2026-11-23T11:00:00Z') });
    const closed = openCleanup({ owner });
    for (const cleanup of [later, earlier, closed]) await store.create(cleanup);
    await store.replace({ ...closed, state: 'DONE', version: 2 }, closed);
    const mine = (await store.listOpen()).filter((cleanup) => cleanup.owner === owner);
    expect(mine.map((cleanup) => cleanup.id)).toEqual([earlier.id, later.id]);
  });
}
