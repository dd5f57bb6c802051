import { setTimeout as sleep } from 'node:timers/promises';
import { SdkIamAccounts } from '../../../src/platform/aws/iam-accounts';
import { asIamUserName, type IamUserName } from '../../../src/kernel/types';
import { createLogger } from '../../../src/platform/logger';
import { BOT, PROD, PROD_ROLE, startAccounts, type Accounts } from '../../sandbox/sts/fixture';

const alice = asIamUserName('alice') as IamUserName;

describe('sessions per (account, person), as the cache of them fills', () => {
  let aws: Accounts;
  let accounts: SdkIamAccounts;

  beforeAll(async () => {
    aws = await startAccounts();
    aws.prod.addUser('alice');
    accounts = new SdkIamAccounts(
      [{ name: 'home' }, { name: 'prod', roleArn: PROD_ROLE, externalId: 'keywarden-prod' }],
      {
        endpoint: aws.iam.url,
        credentials: BOT,
        stsEndpoint: aws.sts.url,
        log: createLogger({ level: 'silent' }),
        maxSessions: 1,
      },
    );
  });
  afterAll(async () => {
    accounts.close();
    await aws.close();
  });

  it('a CreateAccessKey in flight on a session the cache evicts still gets its answer', async () => {
    const prod = accounts.byName('prod');
    if (!prod) throw new Error('no prod account');
    // IAM makes the key at once and answers late: the answer is what a destroyed client would lose.
    aws.iam.injectFault({ action: 'CreateAccessKey', accountId: PROD, delayMs: 1_000 });
    const created = accounts.iam(prod, 'U0ALICE' as never).createKey(alice);
    await sleep(300);
    // Another person's session takes the only place in the cache.
    await accounts.iam(prod, 'U0BOB' as never).listKeys(alice);
    const key = await created;
    expect(aws.prod.findKey(key.key.keyId)).toBeDefined();
    expect(aws.prod.keysOf('alice')).toHaveLength(1);
  });
});
