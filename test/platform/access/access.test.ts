import { Access } from '../../../src/platform/access/access';
import type { SlackDirectory } from '../../../src/platform/access/slack-directory';
import type { SlackUserId } from '../../../src/kernel/types';
import { createLogger } from '../../../src/platform/logger';

const log = createLogger({ level: 'silent' });

/** An in-memory directory that counts calls, for the access logic alone; e2e tests use the Slack stand-in. */
function directory(overrides: Partial<SlackDirectory> = {}) {
  const calls: string[] = [];
  const dir: SlackDirectory = {
    groupMembers: async (group) => {
      calls.push(`group:${group}`);
      return group === 'S0ADMINS' ? ['U0GROUPADMIN' as SlackUserId] : [];
    },
    emailOf: async (user) => {
      calls.push(`email:${user}`);
      return { U0BOB: 'bob@example.com', U0EVE: 'eve@elsewhere.com' }[user as string];
    },
    userByEmail: async (email) => {
      calls.push(`lookup:${email}`);
      return email === 'bob@example.com' ? ('U0BOB' as SlackUserId) : undefined;
    },
    ...overrides,
  };
  return { dir, calls };
}

const policy = {
  roles: { admins: ['U0ADMIN', 'S0ADMINS'], approvers: ['U0APPROVER'] },
  selfService: true,
  identity: { users: { U0ALICE: 'alice' }, emailDomain: 'example.com' },
};

describe('Access', () => {
  it('derives roles from user ids and user groups', async () => {
    const { dir } = directory();
    const access = new Access(policy, dir, log);
    expect((await access.actor('U0ADMIN' as SlackUserId)).isAdmin).toBe(true);
    expect((await access.actor('U0GROUPADMIN' as SlackUserId)).isAdmin).toBe(true);
    expect((await access.actor('U0APPROVER' as SlackUserId)).isApprover).toBe(true);
    expect((await access.actor('U0ALICE' as SlackUserId)).isAdmin).toBe(false);
  });

  it('caches group members briefly instead of asking Slack per request', async () => {
    const { dir, calls } = directory();
    const access = new Access(policy, dir, log);
    await access.actor('U0NOBODY' as SlackUserId);
    await access.actor('U0NOBODY' as SlackUserId);
    expect(calls.filter((call) => call === 'group:S0ADMINS')).toHaveLength(1);
  });

  it('treats a failed group lookup as no role, and asks again next time', async () => {
    let fail = true;
    const { dir, calls } = directory({
      groupMembers: async () => {
        calls.push('group');
        if (fail) throw new Error('slack down');
        return ['U0GROUPADMIN' as SlackUserId];
      },
    });
    const access = new Access(policy, dir, log);
    expect((await access.actor('U0GROUPADMIN' as SlackUserId)).isAdmin).toBe(false);
    fail = false;
    expect((await access.actor('U0GROUPADMIN' as SlackUserId)).isAdmin).toBe(true);
  });

  it('membership says "unconfirmed" when a group that might hold the person cannot be listed', async () => {
    let fail = true;
    const { dir } = directory({
      groupMembers: async () => {
        if (fail) throw new Error('slack down');
        return ['U0GROUPADMIN' as SlackUserId];
      },
    });
    const access = new Access(policy, dir, log);
    const list = ['U0DIRECT', 'S0ADMINS'];
    expect(await access.membership('U0DIRECT' as SlackUserId, list)).toBe('member');
    expect(await access.membership('U0GROUPADMIN' as SlackUserId, list)).toBe('unconfirmed');
    expect(await access.membership('U0GROUPADMIN' as SlackUserId, ['U0DIRECT'])).toBe('not-member');
    fail = false;
    expect(await access.membership('U0GROUPADMIN' as SlackUserId, list)).toBe('member');
    expect(await access.membership('U0NOBODY' as SlackUserId, list)).toBe('not-member');
  });

  it('maps identities explicitly first, then by email domain, both ways', async () => {
    const { dir } = directory();
    const access = new Access(policy, dir, log);
    expect((await access.actor('U0ALICE' as SlackUserId)).iamUser).toBe('alice');
    expect((await access.actor('U0BOB' as SlackUserId)).iamUser).toBe('bob');
    expect((await access.actor('U0EVE' as SlackUserId)).iamUser).toBeUndefined();
    expect(await access.ownerOf('alice' as never)).toEqual({ kind: 'person', slackUser: 'U0ALICE' });
    expect(await access.ownerOf('bob' as never)).toEqual({ kind: 'person', slackUser: 'U0BOB' });
    expect(await access.ownerOf('nobody' as never)).toEqual({ kind: 'unowned' });
  });

  it('names service users: they have no person, and no email lookup is made for them', async () => {
    const { dir, calls } = directory();
    const access = new Access(
      { ...policy, identity: { ...policy.identity, serviceUsers: ['ci-deploy'] } },
      dir,
      log,
    );
    expect(await access.ownerOf('CI-Deploy' as never)).toEqual({ kind: 'service' });
    expect(calls.some((call) => call.startsWith('lookup:'))).toBe(false);
  });

  it('a failed Slack lookup is "unconfirmed", never "no owner", and is not cached', async () => {
    let fail = true;
    const { dir } = directory({
      userByEmail: async () => {
        if (fail) throw new Error('internal_error');
        return 'U0BOB' as SlackUserId;
      },
      emailOf: async () => {
        if (fail) throw new Error('internal_error');
        return 'bob@example.com';
      },
    });
    const access = new Access(policy, dir, log);
    expect(await access.ownerOf('bob' as never)).toEqual({ kind: 'unconfirmed' });
    const unsure = await access.actor('U0BOB' as SlackUserId);
    expect(unsure.identityUnconfirmed).toBe(true);
    expect(unsure.iamUser).toBeUndefined();
    fail = false;
    expect(await access.ownerOf('bob' as never)).toEqual({ kind: 'person', slackUser: 'U0BOB' });
    expect((await access.actor('U0BOB' as SlackUserId)).iamUser).toBe('bob');
  });

  it('an explicit mapping beats an email: another account showing alice@ is not alice', async () => {
    const { dir } = directory({
      emailOf: async (user) => ({ U0MALLORY: 'alice@example.com' })[user as string],
      userByEmail: async () => 'U0MALLORY' as SlackUserId,
    });
    const access = new Access(policy, dir, log);
    expect((await access.actor('U0MALLORY' as SlackUserId)).iamUser).toBeUndefined();
    expect(await access.ownerOf('ALICE' as never)).toEqual({ kind: 'person', slackUser: 'U0ALICE' });
  });

  it('an email never maps a service user to a person', async () => {
    const { dir } = directory({ emailOf: async () => 'ci-deploy@example.com' });
    const access = new Access(
      { ...policy, identity: { ...policy.identity, serviceUsers: ['ci-deploy'] } },
      dir,
      log,
    );
    expect((await access.actor('U0SNEAKY' as SlackUserId)).iamUser).toBeUndefined();
  });

  it('without an email domain, only the explicit map counts and Slack is not asked', async () => {
    const { dir, calls } = directory();
    const access = new Access({ ...policy, identity: { users: { U0ALICE: 'alice' } } }, dir, log);
    expect((await access.actor('U0BOB' as SlackUserId)).iamUser).toBeUndefined();
    expect(calls.some((call) => call.startsWith('email:'))).toBe(false);
  });
});
