import fc from 'fast-check';
import { accountNameOf, uniqueAccountNames } from '../../../../src/kernel/account-names';
import type { DiscoveredAccount } from '../../../../src/kernel/ports/organization';
import { composeManagedSet } from '../../../../src/platform/aws/organization/managed-set';
import { changesBetween } from '../../../../src/platform/aws/organization/organization-discovery';

const ROOT = { id: 'r-ab12', name: 'Root' };
const PROD = { id: 'ou-ab12-prod0000', name: 'Prod' };
const DEV = { id: 'ou-ab12-dev00000', name: 'Dev' };

function account(id: string, name: string, path = [ROOT, PROD], state = 'ACTIVE'): DiscoveredAccount {
  return { id, name, state, path, tags: {} };
}

describe('account names from the organization', () => {
  it('lower-cases, makes anything outside [a-z0-9-] a dash and cuts to 32', () => {
    expect(accountNameOf('Prod Web (EU)', '111111111111')).toBe('prod-web--eu-');
    expect(accountNameOf('A'.repeat(40), '111111111111')).toBe('a'.repeat(32));
    expect(accountNameOf('日本', '111111111111')).toBe('111111111111');
  });

  it('gives every account of a collision the last four digits of its id, and avoids the listed names', () => {
    const names = uniqueAccountNames(
      [
        { id: '111111111234', name: 'Shared' },
        { id: '222222225678', name: 'shared' },
        { id: '333333333333', name: 'Home' },
        { id: '444444444444', name: 'Data' },
      ],
      new Set(['home']),
    );
    expect([...names.values()]).toEqual(['shared-1234', 'shared-5678', 'home-3333', 'data']);
  });

  it('always yields policy-shaped names, distinct for distinct ids', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ id: fc.stringMatching(/^\d{12}$/), name: fc.string({ maxLength: 60 }) }), {
          selector: (entry) => entry.id.slice(-4),
          maxLength: 20,
        }),
        (accounts) => {
          const names = [...uniqueAccountNames(accounts, new Set(['home'])).values()];
          for (const name of names) expect(name).toMatch(/^[a-z0-9-]{1,32}$/);
          expect(new Set(names).size).toBe(names.length);
          expect(names).not.toContain('home');
        },
      ),
    );
  });
});

describe('the managed set after a listing', () => {
  const settings = { roleName: 'keywarden', externalId: 'keywarden-org' };

  it('manages ACTIVE accounts through their keywarden role; suspended and closed ones are dropped and said', () => {
    const set = composeManagedSet(
      [{ name: 'home' }],
      [
        account('111111111111', 'Web'),
        account('222222222222', 'Old', [ROOT, PROD], 'SUSPENDED'),
        account('333333333333', 'Gone', [ROOT], 'CLOSED'),
      ],
      settings,
    );
    expect(set.settings).toEqual([
      { name: 'home' },
      {
        name: 'web',
        id: '111111111111',
        roleArn: 'arn:aws:iam::111111111111:role/keywarden',
        externalId: 'keywarden-org',
        ous: [ROOT.id, PROD.id],
      },
    ]);
    expect(set.dropped.map((dropped) => dropped.id)).toEqual(['222222222222', '333333333333']);
  });

  it('include takes the accounts under an OU and its child OUs; exclude leaves accounts out', () => {
    const web = { id: 'ou-ab12-web00000', name: 'Web' };
    const set = composeManagedSet(
      [],
      [
        account('111111111111', 'A', [ROOT, PROD, web]),
        account('222222222222', 'B', [ROOT, DEV]),
        account('333333333333', 'C', [ROOT, PROD]),
        account('444444444444', 'D', [ROOT]),
      ],
      { ...settings, include: [PROD.id], exclude: ['333333333333'] },
    );
    expect(set.settings.map((entry) => entry.id)).toEqual(['111111111111']);
  });

  it('an account the policy lists with the same id keeps its name and role, placed in its OU', () => {
    const listed = { name: 'prod', roleArn: 'arn:aws:iam::111111111111:role/custom', externalId: 'x-prod' };
    const set = composeManagedSet([listed], [account('111111111111', 'Production')], settings);
    expect(set.settings).toEqual([{ ...listed, ous: [ROOT.id, PROD.id] }]);
  });

  it('tells a rename (same id, new name) from an account added or removed', () => {
    const changes = changesBetween(
      [{ name: 'web', id: '111111111111' }, { name: 'old', id: '222222222222' }, { name: 'home' }],
      [{ name: 'storefront', id: '111111111111' }, { name: 'home' }, { name: 'lake', id: '444444444444' }],
    );
    expect(changes.renamed.map((change) => [change.from, change.to.name])).toEqual([['web', 'storefront']]);
    expect(changes.added.map((added) => added.name)).toEqual(['lake']);
    expect(changes.removed.map((removed) => removed.name)).toEqual(['old']);
  });
});
