import { SdkIamAccounts } from '../../../src/platform/aws/iam-accounts';
import { createLogger } from '../../../src/platform/logger';
import { TEST_CREDENTIALS } from '../../support/bot';

const PROD_ROLE = 'arn:aws:iam::111111111111:role/keywarden';

describe('SdkIamAccounts: the managed set', () => {
  it('marks the bot’s own account (no role) as its own, its id from discovery or not; role accounts have their id', () => {
    const accounts = new SdkIamAccounts([{ name: 'home' }, { name: 'prod', roleArn: PROD_ROLE }], {
      credentials: TEST_CREDENTIALS,
      log: createLogger({ level: 'silent' }),
    });
    try {
      expect(accounts.all()).toEqual([
        { name: 'home', own: true },
        { name: 'prod', id: '111111111111' },
      ]);
      // Discovery gives the home account its id (from STS): still its own, so still keyed by name.
      accounts.replace([
        { name: 'home', id: '999999999999' },
        { name: 'prod', roleArn: PROD_ROLE },
      ]);
      expect(accounts.all()[0]).toEqual({ name: 'home', id: '999999999999', own: true });
    } finally {
      accounts.close();
    }
  });
});
