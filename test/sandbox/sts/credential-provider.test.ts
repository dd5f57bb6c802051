import {
  CreateAccessKeyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { failure } from '../iam/iam-client';
import { type Accounts, BOT, HOME, PROD, PROD_ROLE, STAGING, STAGING_ROLE, startAccounts } from './fixture';

describe('sandbox STS: fromTemporaryCredentials feeding the real IAMClient', () => {
  let accounts: Accounts;
  const clients: IAMClient[] = [];

  /** An IAM client in a member account, the way the product builds one: one per person and account. */
  function roleClient(
    params: Parameters<typeof fromTemporaryCredentials>[0]['params'],
    stsEndpoint?: string,
  ) {
    const iam = new IAMClient({
      endpoint: accounts.iam.url,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: fromTemporaryCredentials({
        masterCredentials: BOT,
        params,
        ...(stsEndpoint ? { clientConfig: { endpoint: stsEndpoint, maxAttempts: 1 } } : {}),
      }),
    });
    clients.push(iam);
    return iam;
  }

  beforeEach(async () => {
    accounts = await startAccounts();
    accounts.home.addUser('alice');
    accounts.prod.addUser('alice');
    accounts.staging.addUser('alice');
  });

  afterEach(async () => {
    for (const iam of clients.splice(0)) iam.destroy();
    await accounts.close();
  });

  it('lands each IAM call in the role’s account, with the session recorded as CloudTrail would', async () => {
    const iam = roleClient(
      {
        RoleArn: PROD_ROLE,
        RoleSessionName: 'keywarden-U0ALICE',
        SourceIdentity: 'U0ALICE',
        ExternalId: 'keywarden-prod',
      },
      accounts.sts.url,
    );

    const created = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));

    expect(accounts.prod.keysOf('alice').map((k) => k.accessKeyId)).toEqual([created.AccessKey?.AccessKeyId]);
    expect(accounts.home.keysOf('alice')).toEqual([]);
    expect(accounts.staging.keysOf('alice')).toEqual([]);
    const [session] = accounts.registry.issued();
    expect(accounts.iam.calls()).toEqual([
      expect.objectContaining({
        action: 'CreateAccessKey',
        status: 200,
        accountId: PROD,
        accessKeyId: session?.accessKeyId,
        roleArn: PROD_ROLE,
        roleSessionName: 'keywarden-U0ALICE',
        sourceIdentity: 'U0ALICE',
      }),
    ]);
  });

  it('passes RoleSessionName, SourceIdentity, ExternalId and DurationSeconds through to AssumeRole as given', async () => {
    const iam = roleClient(
      {
        RoleArn: PROD_ROLE,
        RoleSessionName: 'keywarden-U0BOB',
        SourceIdentity: 'U0BOB',
        ExternalId: 'keywarden-prod',
        DurationSeconds: 900,
      },
      accounts.sts.url,
    );
    await iam.send(new ListUsersCommand({}));

    expect(accounts.sts.calls('AssumeRole')).toMatchObject([
      {
        params: {
          RoleArn: PROD_ROLE,
          RoleSessionName: 'keywarden-U0BOB',
          SourceIdentity: 'U0BOB',
          ExternalId: 'keywarden-prod',
          DurationSeconds: '900',
        },
        callerAccessKeyId: BOT.accessKeyId,
        callerAccountId: HOME,
        status: 200,
      },
    ]);
  });

  it('assumes the role once for many calls of one client, and once more for each further client', async () => {
    const params = { RoleArn: STAGING_ROLE, RoleSessionName: 'keywarden-U0ALICE', SourceIdentity: 'U0ALICE' };
    const first = roleClient(params, accounts.sts.url);
    for (let i = 0; i < 3; i++) await first.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    // Concurrent first calls share the one pending AssumeRole: the SDK memoizes the provider's promise.
    const second = roleClient(params, accounts.sts.url);
    await Promise.all([1, 2, 3].map(() => second.send(new ListUsersCommand({}))));

    expect(accounts.sts.assumeRoleCalls().map((c) => c.status)).toEqual([200, 200]);
    expect(accounts.iam.calls().every((c) => c.accountId === STAGING && c.sourceIdentity === 'U0ALICE')).toBe(
      true,
    );
    expect(accounts.iam.calls()).toHaveLength(6);
  });

  it('makes up a RoleSessionName (aws-sdk-js-<ms>) when none is given', async () => {
    await roleClient({ RoleArn: STAGING_ROLE }, accounts.sts.url).send(new ListUsersCommand({}));

    const [call] = accounts.sts.assumeRoleCalls();
    expect(call?.roleSessionName).toMatch(/^aws-sdk-js-\d{13}$/);
    expect(call).not.toHaveProperty('sourceIdentity');
    expect(accounts.iam.calls()[0]).not.toHaveProperty('sourceIdentity');
  });

  it('honours AWS_ENDPOINT_URL_STS for its STS client when clientConfig names no endpoint', async () => {
    const saved = process.env['AWS_ENDPOINT_URL_STS'];
    process.env['AWS_ENDPOINT_URL_STS'] = accounts.sts.url;
    try {
      await roleClient({ RoleArn: STAGING_ROLE, RoleSessionName: 'keywarden' }).send(
        new ListUsersCommand({}),
      );
    } finally {
      if (saved === undefined) delete process.env['AWS_ENDPOINT_URL_STS'];
      else process.env['AWS_ENDPOINT_URL_STS'] = saved;
    }
    expect(accounts.sts.assumeRoleCalls()).toMatchObject([{ roleArn: STAGING_ROLE, status: 200 }]);
    expect(accounts.iam.calls()).toMatchObject([{ accountId: STAGING }]);
  });

  it('surfaces a refused AssumeRole as the IAM call’s error, and IAM is never reached', async () => {
    const iam = roleClient(
      { RoleArn: PROD_ROLE, RoleSessionName: 'keywarden', ExternalId: 'wrong' },
      accounts.sts.url,
    );

    const error = await failure(iam.send(new ListUsersCommand({})));

    expect(error.name).toBe('AccessDenied');
    expect(error.message).toContain(`sts:AssumeRole on resource: ${PROD_ROLE}`);
    expect(accounts.iam.calls()).toEqual([]);
  });

  it('keeps the bot’s own calls in the home account beside the role sessions', async () => {
    const own = new IAMClient({
      endpoint: accounts.iam.url,
      region: 'us-east-1',
      credentials: BOT,
      maxAttempts: 1,
    });
    clients.push(own);
    await own.send(new ListUsersCommand({}));
    await roleClient({ RoleArn: STAGING_ROLE, RoleSessionName: 'keywarden' }, accounts.sts.url).send(
      new ListUsersCommand({}),
    );

    expect(accounts.iam.calls().map((c) => c.accountId)).toEqual([HOME, STAGING]);
  });
});
