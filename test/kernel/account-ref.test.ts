import { accountRef, managedAccountOf } from '../../src/kernel/account-ref';

const home = { name: 'home' };
const prod = { name: 'prod', id: '111111111111' };

describe('managedAccountOf', () => {
  it('finds a renamed account by its stored id', () => {
    expect(managedAccountOf({ account: 'production', accountId: '111111111111' }, [home, prod])).toBe(prod);
  });

  it('never falls back to the default account for a record whose account left the policy', () => {
    expect(managedAccountOf({ account: 'prod', accountId: '111111111111' }, [home])).toBeUndefined();
    expect(managedAccountOf({ account: 'prod' }, [home])).toBeUndefined();
  });

  it('does not take a same-named account with another id', () => {
    expect(
      managedAccountOf({ account: 'prod', accountId: '111111111111' }, [
        { name: 'prod', id: '222222222222' },
      ]),
    ).toBeUndefined();
  });

  it('reads a record from before accounts as the default account', () => {
    expect(managedAccountOf({}, [home, prod])).toBe(home);
  });

  it('stores the id where it is known', () => {
    expect(accountRef(prod)).toEqual({ account: 'prod', accountId: '111111111111' });
    expect(accountRef(home)).toEqual({ account: 'home' });
  });
});
