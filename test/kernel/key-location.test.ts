import { KeywardenError } from '../../src/kernel/errors';
import { KeyQueries } from '../../src/features/keys/domain/key-queries';
import type { KeyId, SlackUserId } from '../../src/kernel/types';
import { actor, FakeAccounts, FakeIam } from '../support/fakes';

const ADMIN = actor('U0ADMIN', { isAdmin: true });
const TWIN = 'AKIATWINKEYINTWOACCTS' as KeyId;

function accountsOf(names: string[]): { accounts: FakeAccounts; iams: Map<string, FakeIam> } {
  const iams = new Map(names.map((name) => [name, new FakeIam()]));
  return { accounts: new FakeAccounts(iams), iams };
}

describe('resolve: the one account that holds the key, its owner and the key, or the refusal that says why not', () => {
  it("the one account that confirms the key, read there in the caller's session", async () => {
    const { accounts, iams } = accountsOf(['home', 'prod']);
    const key = iams.get('prod')?.addKey('alice', { lastUse: { service: 's3' } });

    expect(await accounts.resolve(key?.keyId as KeyId, 'U0ALICE' as SlackUserId)).toEqual({
      ok: true,
      value: { account: { name: 'prod' }, owner: 'alice', key, lastUse: { service: 's3' } },
    });
    expect(accounts.callers).toEqual([{ account: 'prod', caller: 'U0ALICE' }]);
    expect(iams.get('home')?.calls).toEqual([]);
  });

  it("a key its owner's list does not hold: no such key", async () => {
    const { accounts, iams } = accountsOf(['home']);
    const key = iams.get('home')?.addKey('alice');
    const iam = iams.get('home') as FakeIam;
    jest.spyOn(iam, 'listKeys').mockResolvedValue([]);

    expect(await accounts.resolve(key?.keyId as KeyId, 'U0ALICE' as SlackUserId)).toEqual({
      ok: false,
      refusal: { reason: 'no-such-key', keyId: key?.keyId },
    });
  });

  it('two accounts that both confirm it: refused, naming both, and neither is taken', async () => {
    const { accounts, iams } = accountsOf(['home', 'prod', 'staging']);
    iams.get('prod')?.addKey('alice', { keyId: TWIN });
    iams.get('staging')?.addKey('alice', { keyId: TWIN });

    expect(await accounts.resolve(TWIN, 'U0ADMIN' as SlackUserId)).toEqual({
      ok: false,
      refusal: {
        reason: 'key-in-several-accounts',
        keyId: TWIN,
        accounts: [{ name: 'prod' }, { name: 'staging' }],
      },
    });
  });

  it('no account confirms it: no such key', async () => {
    const { accounts } = accountsOf(['home', 'prod']);
    expect(await accounts.resolve(TWIN, 'U0ADMIN' as SlackUserId)).toEqual({
      ok: false,
      refusal: { reason: 'no-such-key', keyId: TWIN },
    });
  });

  it('an account that could not be asked: said so, never "no such key"', async () => {
    const { accounts } = accountsOf(['home', 'prod']);
    jest
      .spyOn(accounts, 'locate')
      .mockRejectedValue(
        new KeywardenError('ACCOUNT_UNAVAILABLE', 'the key could not be looked for in prod'),
      );

    expect(await accounts.resolve(TWIN, 'U0ADMIN' as SlackUserId)).toEqual({
      ok: false,
      refusal: { reason: 'account-unavailable', why: 'the key could not be looked for in prod' },
    });
  });

  it('a key two accounts claim: last-used answers from neither', async () => {
    const { accounts, iams } = accountsOf(['prod', 'staging']);
    for (const iam of iams.values()) iam.addKey('alice', { keyId: TWIN });

    const outcome = await new KeyQueries(accounts).lastUsed(ADMIN, TWIN);

    expect(outcome).toMatchObject({ ok: false, refusal: { reason: 'key-in-several-accounts' } });
    for (const iam of iams.values()) expect(iam.calls).toEqual([]);
  });
});
