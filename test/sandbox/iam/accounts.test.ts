import {
  CreateAccessKeyCommand,
  GenerateCredentialReportCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import {
  CredentialRegistry,
  IamState,
  startIamServer,
  type IamServer,
  type TemporaryCredential,
} from '../../../sandbox/iam';
import { failure, iamClient } from './iam-client';

const HOME = '123456789012';
const PROD = '111111111111';
const BOT_KEY = 'AKIDKEYWARDENHOME';

function session(overrides: Partial<TemporaryCredential> = {}): TemporaryCredential {
  return {
    accessKeyId: 'ASIAPRODSESSION0001',
    secretAccessKey: 'session-secret',
    sessionToken: 'session-token-1',
    accountId: PROD,
    roleArn: `arn:aws:iam::${PROD}:role/keywarden`,
    assumedRoleArn: `arn:aws:sts::${PROD}:assumed-role/keywarden/keywarden-U0ALICE`,
    roleSessionName: 'keywarden-U0ALICE',
    sourceIdentity: 'U0ALICE',
    expiresAt: new Date(Date.now() + 3600_000),
    ...overrides,
  };
}

describe('sandbox IAM: several accounts, chosen by the signing access key', () => {
  let home: IamState;
  let prod: IamState;
  let registry: CredentialRegistry;
  let server: IamServer;
  const clients: IAMClient[] = [];

  function client(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
    const made = iamClient(server, { credentials });
    clients.push(made);
    return made;
  }

  beforeEach(async () => {
    home = new IamState();
    prod = new IamState({ accountId: PROD });
    home.addUser('alice');
    prod.addUser('alice-prod');
    registry = new CredentialRegistry();
    server = await startIamServer({
      state: home,
      accounts: { [PROD]: prod },
      credentials: registry,
      baseCredentials: { [BOT_KEY]: HOME },
    });
  });

  afterEach(async () => {
    for (const made of clients.splice(0)) made.destroy();
    await server.close();
  });

  it('acts in the home account for the bot’s own key, and records the account', async () => {
    const listed = await client({ accessKeyId: BOT_KEY, secretAccessKey: 'x' }).send(
      new ListUsersCommand({}),
    );

    expect(listed.Users?.map((u) => u.UserName)).toEqual(['alice']);
    expect(server.calls()).toMatchObject([{ action: 'ListUsers', accountId: HOME, accessKeyId: BOT_KEY }]);
    expect(server.calls()[0]).not.toHaveProperty('sourceIdentity');
  });

  it('acts in the role’s account for a registered session, and records who the session is for', async () => {
    registry.register(session());
    const iam = client({
      accessKeyId: 'ASIAPRODSESSION0001',
      secretAccessKey: 'x',
      sessionToken: 'session-token-1',
    });

    const created = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice-prod' }));

    expect(prod.keysOf('alice-prod').map((k) => k.accessKeyId)).toEqual([created.AccessKey?.AccessKeyId]);
    expect(home.keysOf('alice')).toEqual([]);
    expect(server.calls()).toMatchObject([
      {
        action: 'CreateAccessKey',
        accountId: PROD,
        accessKeyId: 'ASIAPRODSESSION0001',
        roleArn: `arn:aws:iam::${PROD}:role/keywarden`,
        roleSessionName: 'keywarden-U0ALICE',
        sourceIdentity: 'U0ALICE',
      },
    ]);
  });

  it('does not let a session in one account reach a user of another', async () => {
    registry.register(session());
    const iam = client({
      accessKeyId: 'ASIAPRODSESSION0001',
      secretAccessKey: 'x',
      sessionToken: 'session-token-1',
    });

    const error = await failure(iam.send(new ListAccessKeysCommand({ UserName: 'alice' })));

    expect(error.name).toBe('NoSuchEntityException');
  });

  it('answers InvalidClientTokenId (403, Sender) for a key it does not know, and acts nowhere', async () => {
    const error = await failure(
      client({ accessKeyId: 'AKIDUNKNOWN000000', secretAccessKey: 'x' }).send(
        new CreateAccessKeyCommand({ UserName: 'alice' }),
      ),
    );

    expect(error.name).toBe('InvalidClientTokenId');
    expect(error.message).toBe('The security token included in the request is invalid.');
    expect(error['$metadata']).toMatchObject({ httpStatusCode: 403 });
    expect(error['$fault']).toBe('client');
    expect(home.keysOf('alice')).toEqual([]);
    expect(server.calls()).toEqual([
      expect.objectContaining({
        action: 'CreateAccessKey',
        status: 403,
        errorCode: 'InvalidClientTokenId',
        accessKeyId: 'AKIDUNKNOWN000000',
      }),
    ]);
    expect(server.calls()[0]).not.toHaveProperty('accountId');
  });

  it('refuses a session key sent without its session token, as AWS does', async () => {
    registry.register(session());
    const error = await failure(
      client({ accessKeyId: 'ASIAPRODSESSION0001', secretAccessKey: 'x' }).send(new ListUsersCommand({})),
    );
    expect(error.name).toBe('InvalidClientTokenId');
  });

  it('answers ExpiredToken (403) once the session has expired', async () => {
    registry.register(session({ expiresAt: new Date(Date.now() - 1000) }));
    const iam = client({
      accessKeyId: 'ASIAPRODSESSION0001',
      secretAccessKey: 'x',
      sessionToken: 'session-token-1',
    });

    const error = await failure(iam.send(new ListUsersCommand({})));

    expect(error.name).toBe('ExpiredToken');
    expect(error.message).toBe('The security token included in the request is expired');
    expect(error['$metadata']).toMatchObject({ httpStatusCode: 403 });
  });

  it('names the assumed role in AccessDenied, and a role session has no user of its own', async () => {
    registry.register(session());
    const iam = client({
      accessKeyId: 'ASIAPRODSESSION0001',
      secretAccessKey: 'x',
      sessionToken: 'session-token-1',
    });
    server.denyCredentialReport(true, PROD);

    const denied = await failure(iam.send(new GenerateCredentialReportCommand({})));
    const noUser = await failure(iam.send(new CreateAccessKeyCommand({})));
    const fromHome = await client({ accessKeyId: BOT_KEY, secretAccessKey: 'x' }).send(
      new GenerateCredentialReportCommand({}),
    );

    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toMatch(
      new RegExp(`^User: arn:aws:sts::${PROD}:assumed-role/keywarden/keywarden-U0ALICE is not authorized`),
    );
    expect(noUser.message).toBe('Must specify userName when calling with non-User credentials');
    expect(fromHome.State).toBeDefined();
  });

  it('fails one account alone when a fault names it', async () => {
    registry.register(session());
    server.injectFault({ accountId: PROD, code: 'ServiceUnavailable' });
    const prodIam = client({
      accessKeyId: 'ASIAPRODSESSION0001',
      secretAccessKey: 'x',
      sessionToken: 'session-token-1',
    });

    await expect(
      client({ accessKeyId: BOT_KEY, secretAccessKey: 'x' }).send(new ListUsersCommand({})),
    ).resolves.toBeDefined();
    const error = await failure(prodIam.send(new ListUsersCommand({})));

    expect(error.name).toBe('ServiceUnavailable');
    expect(server.calls().map((c) => [c.accountId, c.status])).toEqual([
      [HOME, 200],
      [PROD, 503],
    ]);
  });

  it('says which account holds a key, from the states and from the registry', () => {
    const key = prod.addKey('alice-prod');
    registry.register(session());

    expect(server.accountOfKey(key.accessKeyId)).toBe(PROD);
    expect(server.accountOfKey('ASIAPRODSESSION0001')).toBe(PROD);
    expect(server.accountOfKey(BOT_KEY)).toBe(HOME);
    expect(server.accountOfKey('AKIDNOBODY0000000')).toBeUndefined();
    expect([...server.accounts.keys()]).toEqual([HOME, PROD]);
    expect(server.account(PROD)).toBe(prod);
  });
});

describe('sandbox IAM: configuration of accounts', () => {
  it('refuses an accounts entry whose key is not the state’s own account id', async () => {
    await expect(startIamServer({ accounts: { [PROD]: new IamState() } })).rejects.toThrow(
      `accounts: key ${PROD} holds the state of account ${HOME}`,
    );
  });

  it('without credentials configured, serves any request from the default account, signed or not', async () => {
    const prod = new IamState({ accountId: PROD });
    prod.addUser('bob');
    const server = await startIamServer({ accounts: { [PROD]: prod } });
    const iam = iamClient(server, { credentials: { accessKeyId: 'AKIDANYTHING0000', secretAccessKey: 'x' } });
    try {
      const listed = await iam.send(new ListUsersCommand({}));
      expect(listed.Users?.map((u) => u.UserName)).toEqual(['bob']);
      expect(server.credentials).toBeUndefined();
      expect(server.calls()).toMatchObject([{ accountId: PROD }]);
    } finally {
      iam.destroy();
      await server.close();
    }
  });

  it('keeps its account id through JSON, and reads files written before accounts as the default', () => {
    const prod = new IamState({ accountId: PROD });
    expect(IamState.fromJSON(prod.toJSON()).accountId).toBe(PROD);
    const { accountId: _dropped, ...old } = prod.toJSON();
    expect(IamState.fromJSON(old).accountId).toBe(HOME);
    expect(() => new IamState({ accountId: '42' })).toThrow('Invalid AWS account id: "42"');
  });
});
