import fc from 'fast-check';
import {
  worstFirst,
  type StaleKey,
  type StaleReason,
} from '../../../../src/features/reports/domain/classify';
import { StaleKeyTable } from '../../../../src/features/reports/domain/stale-key-table';
import type { Snooze } from '../../../../src/features/reports/domain/snooze';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';

const REASON_SETS: StaleReason[][] = [
  ['too-old'],
  ['unused'],
  ['never-used'],
  ['too-old', 'unused'],
  ['too-old', 'never-used', 'more-than-one-active'],
];

// Whole seconds within a few years, and few of them, so that ties (same idle time, same age) occur.
const date = fc
  .integer({ min: 1_600_000_000, max: 1_600_000_040 })
  .map((seconds) => new Date(seconds * 1000));

const snooze: fc.Arbitrary<Snooze> = fc.record({
  key: fc.constant({ account: 'prod', owner: 'alice' as IamUserName, createdAt: new Date(0) }),
  by: fc.constant('U0ALICE' as SlackUserId),
  at: date,
  until: date,
  reason: fc.string({ maxLength: 20 }),
});

/** Keys with only the fields they have (never a field set to undefined), as the scans make them. */
const staleKey: fc.Arbitrary<StaleKey> = fc
  .record(
    {
      owner: fc.constantFrom('alice', 'bob', 'Bob', 'ci-deploy', 'é-user').map((name) => name as IamUserName),
      account: fc.constantFrom('home', 'prod', 'staging'),
      slot: fc.constantFrom(1 as const, 2 as const),
      keyId: fc.stringMatching(/^AKIA[A-Z0-9]{16}$/).map((id) => id as KeyId),
      status: fc.constantFrom('Active' as const, 'Inactive' as const),
      createdAt: date,
      lastUse: fc.record(
        {
          at: date,
          service: fc.constantFrom('s3', 'iam', 'sts'),
          region: fc.constantFrom('us-east-1', 'eu-west-1'),
        },
        { requiredKeys: [] },
      ),
      reasons: fc.constantFrom(...REASON_SETS),
      snooze,
    },
    { requiredKeys: ['owner', 'status', 'createdAt', 'lastUse', 'reasons'] },
  )
  // Plain objects, as the scans make them (fast-check's records have no prototype).
  .map((key) => ({ ...key, lastUse: { ...key.lastUse } }) as StaleKey);

describe('StaleKeyTable', () => {
  it('gives back every key as it was stored, deep-equal, through iteration, at and slice', () => {
    fc.assert(
      fc.property(
        fc.array(staleKey, { maxLength: 40 }),
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: -50, max: 50 }),
        (keys, start, end) => {
          const table = StaleKeyTable.from(keys);
          expect(table.length).toBe(keys.length);
          expect([...table]).toStrictEqual(keys);
          expect(table.slice(start, end)).toStrictEqual(keys.slice(start, end));
          expect(table.slice(start)).toStrictEqual(keys.slice(start));
          expect(table.at(start)).toStrictEqual(keys.at(start));
        },
      ),
    );
  });

  it('sorts worst first exactly as classify’s worstFirst does, ties in their order', () => {
    fc.assert(
      fc.property(fc.array(fc.array(staleKey, { maxLength: 20 }), { maxLength: 4 }), (lists) => {
        const merged = StaleKeyTable.concat(lists.map((list) => StaleKeyTable.from(list))).worstFirst();
        expect([...merged]).toStrictEqual(lists.flat().sort(worstFirst));
      }),
    );
  });

  it('merges tables worst first as a stable sort of their keys would, sorted or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(staleKey, { maxLength: 20 }), { maxLength: 6 }),
        fc.boolean(),
        (lists, sortFirst) => {
          const tables = lists.map((list) =>
            sortFirst ? StaleKeyTable.from(list).worstFirst() : StaleKeyTable.from(list),
          );
          const merged = StaleKeyTable.mergeWorstFirst(tables);
          const expected = (sortFirst ? lists.map((list) => [...list].sort(worstFirst)) : lists)
            .flat()
            .sort(worstFirst);
          expect([...merged]).toStrictEqual(expected);
        },
      ),
    );
  });

  it('merges tables column by column into the very keys a merge key by key gives', () => {
    fc.assert(
      fc.property(fc.array(fc.array(staleKey, { maxLength: 20 }), { maxLength: 5 }), (lists) => {
        const byColumns = StaleKeyTable.concat(lists.map((list) => StaleKeyTable.from(list)));
        const byKeys = StaleKeyTable.concat(lists);
        expect([...byColumns]).toStrictEqual([...byKeys]);
        expect([...byColumns]).toStrictEqual(lists.flat());
      }),
    );
  });

  it('counts the owners with a stale key, each account apart, as the keys say', () => {
    fc.assert(
      fc.property(fc.array(fc.array(staleKey, { maxLength: 20 }), { maxLength: 4 }), (lists) => {
        const table = StaleKeyTable.concat(lists.map((list) => StaleKeyTable.from(list)));
        const pairs = new Set(lists.flat().map((key) => `${key.account ?? ''}\u0000${key.owner}`));
        expect(table.distinctOwners()).toBe(pairs.size);
      }),
    );
  });

  it('adds snoozes by row, and keeps the ones the keys had', () => {
    const [first, second] = fc.sample(staleKey, { numRuns: 2, seed: 7 }) as [StaleKey, StaleKey];
    const plain = { ...first, snooze: undefined };
    delete plain.snooze;
    const table = StaleKeyTable.from([plain, second]);
    const added: Snooze = {
      key: { account: 'home', owner: plain.owner, createdAt: plain.createdAt },
      by: 'U0BOB' as SlackUserId,
      at: new Date(1),
      until: new Date(2),
      reason: 'INC-1 waiting for the vendor',
    };
    const snoozed = table.withSnoozes(new Map([[0, added]]));
    expect(snoozed.at(0)?.snooze).toBe(added);
    expect(snoozed.at(1)?.snooze).toBe(second.snooze);
    expect(table.at(0)?.snooze).toBeUndefined();
  });

  it('shares one reasons array between keys of the same findings, as classify makes them', () => {
    const reasons: StaleReason[] = ['unused'];
    const key = (owner: string): StaleKey => ({
      owner: owner as IamUserName,
      status: 'Active',
      createdAt: new Date(0),
      lastUse: {},
      reasons: [...reasons],
    });
    const table = StaleKeyTable.from([key('alice'), key('bob')]);
    expect(table.at(0)?.reasons).toBe(table.at(1)?.reasons);
  });
});
