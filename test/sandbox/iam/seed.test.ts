import { ListUsersCommand, paginateListUsers } from '@aws-sdk/client-iam';
import { IamState, seedLargeAccount, startIamServer } from '../../../sandbox/iam';
import { iamClient, NOW } from './iam-client';

const DAY = 24 * 60 * 60 * 1000;

describe('sandbox IAM: seedLargeAccount', () => {
  const state = new IamState({ now: () => NOW });
  beforeAll(() => seedLargeAccount(state, { users: 10_000, keys: 15_000, seed: 7 }));

  it('makes exactly the users and keys asked for, never more than two a user', () => {
    const names = state.userNames();
    const counts = names.map((name) => state.keysOf(name).length);

    expect(names).toHaveLength(10_000);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(15_000);
    expect(Math.max(...counts)).toBe(2);
    expect(counts.filter((c) => c === 0).length).toBeGreaterThan(0);
    expect(state.issuedSecrets()).toHaveLength(15_000);
  });

  it('mixes ages, never-used, inactive and recently used keys', () => {
    const keys = state.userNames().flatMap((name) => state.keysOf(name));
    const share = (test: (k: (typeof keys)[number]) => boolean): number =>
      keys.filter(test).length / keys.length;

    expect(share((k) => k.lastUsed === undefined)).toBeGreaterThan(0.05);
    expect(share((k) => k.status === 'Inactive')).toBeGreaterThan(0.05);
    expect(
      share((k) => k.lastUsed !== undefined && NOW.getTime() - k.lastUsed.date.getTime() < 7 * DAY),
    ).toBeGreaterThan(0.2);
    expect(share((k) => NOW.getTime() - k.createDate.getTime() > 365 * DAY)).toBeGreaterThan(0.1);
    expect(share((k) => NOW.getTime() - k.createDate.getTime() < 30 * DAY)).toBeGreaterThan(0.1);
    expect(keys.every((k) => k.createDate.getTime() <= NOW.getTime())).toBe(true);
    expect(keys.every((k) => !k.lastUsed || k.lastUsed.date >= k.createDate)).toBe(true);
  });

  it('is deterministic for a seed, and different for another', () => {
    const again = new IamState({ now: () => NOW });
    seedLargeAccount(again, { users: 200, keys: 300, seed: 7 });
    const twin = new IamState({ now: () => NOW });
    seedLargeAccount(twin, { users: 200, keys: 300, seed: 7 });
    const other = new IamState({ now: () => NOW });
    seedLargeAccount(other, { users: 200, keys: 300, seed: 8 });

    const shape = (s: IamState): unknown =>
      s.toJSON().users.map((u) => ({ ...u, keys: u.keys.map(({ secretAccessKey: _secret, ...k }) => k) }));
    expect(shape(again)).toEqual(shape(twin));
    expect(shape(again)).not.toEqual(shape(other));
  });

  it('refuses more keys than two a user allows', () => {
    expect(() => seedLargeAccount(new IamState(), { users: 3, keys: 7 })).toThrow(/do not fit/);
  });

  it('serves the whole account through the SDK, 1000 users a page', async () => {
    const server = await startIamServer({ state });
    const iam = iamClient(server);
    try {
      let users = 0;
      for await (const page of paginateListUsers({ client: iam, pageSize: 1000 }, {}))
        users += page.Users?.length ?? 0;
      expect(users).toBe(10_000);
      expect(server.calls('ListUsers')).toHaveLength(10);
      const first = await iam.send(new ListUsersCommand({ MaxItems: 1 }));
      expect(first.Users?.[0]?.UserName).toBe(state.userNames()[0]);
    } finally {
      iam.destroy();
      await server.close();
    }
  });
});
