import { SdkIamAccounts } from '../../../src/platform/aws/iam-accounts';
import { asIamUserName, type IamUserName } from '../../../src/kernel/types';
import { createLogger } from '../../../src/platform/logger';
import { BOT, PROD_ROLE, STAGING_ROLE, startAccounts, type Accounts } from '../../sandbox/sts/fixture';

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
    // IAM holds the CreateAccessKey until the session is evicted: the answer is what a destroyed client would lose.
    const creating = aws.iam.hold('CreateAccessKey');
    const created = accounts.iam(prod, 'U0ALICE' as never).createKey(alice);
    await creating.arrived(1);
    // Another person's session takes the only place in the cache.
    await accounts.iam(prod, 'U0BOB' as never).listKeys(alice);
    creating.release();
    const key = await created;
    expect(aws.prod.findKey(key.key.keyId)).toBeDefined();
    expect(aws.prod.keysOf('alice')).toHaveLength(1);
  });
});

describe('the connections of every session', () => {
  let aws: Accounts;
  let accounts: SdkIamAccounts;

  beforeAll(async () => {
    aws = await startAccounts();
    for (const state of [aws.home, aws.prod, aws.staging]) state.addUser('alice');
    accounts = new SdkIamAccounts(
      [
        { name: 'home' },
        { name: 'prod', roleArn: PROD_ROLE, externalId: 'keywarden-prod' },
        { name: 'staging', roleArn: STAGING_ROLE },
      ],
      {
        endpoint: aws.iam.url,
        credentials: BOT,
        stsEndpoint: aws.sts.url,
        log: createLogger({ level: 'silent' }),
      },
    );
  });
  afterAll(async () => {
    accounts.close();
    await aws.close();
  });

  it('are one pool: three accounts, two people, one after another, over one connection to IAM', async () => {
    const before = aws.iam.connectionsAccepted();
    for (const caller of ['U0ALICE', 'U0BOB'] as const) {
      for (const account of accounts.all()) {
        await accounts.iam(account, caller as never).listKeys(alice);
      }
    }
    // Each session's own clients made their own pool before: a connection per (account, person).
    expect(aws.iam.connectionsAccepted() - before).toBe(1);
    // And every role session still asked STS as its own person, through the one STS client.
    const assumed = aws.sts.assumeRoleCalls().map((call) => `${call.roleArn} ${call.sourceIdentity}`);
    expect(assumed.sort()).toEqual(
      [
        `${PROD_ROLE} U0ALICE`,
        `${PROD_ROLE} U0BOB`,
        `${STAGING_ROLE} U0ALICE`,
        `${STAGING_ROLE} U0BOB`,
      ].sort(),
    );
  });
});
