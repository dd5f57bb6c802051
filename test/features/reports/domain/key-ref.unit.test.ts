import {
  KeyRefIndex,
  keyRefId,
  keyRefs,
  stableAccountId,
} from '../../../../src/features/reports/domain/key-ref';
import type { IamUserName } from '../../../../src/kernel/types';

const bob = 'bob' as IamUserName;
const CREATED = new Date('2026-05-01T10:00:00.400Z');
const ref = (account: string, accountId?: string) => ({
  account,
  ...(accountId ? { accountId } : {}),
  owner: bob,
  createdAt: CREATED,
});

describe('key refs across account renames', () => {
  it('names a key by its account id where it has one, else by its account name, to the second', () => {
    expect(keyRefId(ref('prod', '111111111111'))).toBe('@111111111111#bob#2026-05-01T10:00:00.000Z');
    expect(keyRefId(ref('prod'))).toBe('prod#bob#2026-05-01T10:00:00.000Z');
    expect(keyRefId({ ...ref('prod'), owner: 'BOB' as IamUserName })).toBe(keyRefId(ref('prod')));
  });

  it('the bot’s own account is named by its name: its id comes from STS only once asked', () => {
    expect(stableAccountId({ name: 'home', id: '999999999999', own: true })).toBeUndefined();
    expect(stableAccountId({ name: 'prod', id: '111111111111' })).toBe('111111111111');
  });

  it('finds a record by the account id whatever the account is called now', () => {
    const index = new KeyRefIndex([{ key: ref('prod', '111111111111'), what: 'snoozed' }]);

    expect(index.find(ref('legacy', '111111111111'))?.what).toBe('snoozed');
    expect(index.find(ref('prod', '222222222222'))).toBeUndefined();
    expect(index.find(ref('prod'))).toBeUndefined();
  });

  it('finds a record stored before ids were kept by the account’s present name', () => {
    const index = new KeyRefIndex([{ key: ref('prod'), what: 'legacy' }]);

    expect(index.find(ref('prod', '111111111111'))?.what).toBe('legacy');
    expect(index.find(ref('legacy', '111111111111'))).toBeUndefined();
  });

  it('keeps one record a key, as `keep` chooses, and prefers the one under the id', () => {
    const index = new KeyRefIndex(
      [
        { key: ref('prod', '111111111111'), at: 1 },
        { key: ref('prod', '111111111111'), at: 3 },
        { key: ref('prod'), at: 9 },
      ],
      (earlier, later) => (earlier.at < later.at ? later : earlier),
    );

    expect(index.size).toBe(2);
    expect(index.find(ref('prod', '111111111111'))?.at).toBe(3);
  });

  it('a report’s keys carry their account’s stable id, from the report’s own accounts', () => {
    const refOf = keyRefs({
      accounts: [
        { account: { name: 'prod', id: '111111111111' } },
        { account: { name: 'home', id: '999999999999', own: true } },
      ] as never,
    });
    const key = { owner: bob, createdAt: CREATED };

    expect(refOf({ ...key, account: 'prod' } as never).accountId).toBe('111111111111');
    expect(refOf({ ...key, account: 'home' } as never).accountId).toBeUndefined();
    expect(refOf(key as never).account).toBe('default');
  });
});
