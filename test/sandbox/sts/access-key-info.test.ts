import { AssumeRoleCommand, GetAccessKeyInfoCommand, type STSClient } from '@aws-sdk/client-sts';
import { FOREIGN_ACCOUNT_ID } from '../../../sandbox/sts';
import { failure } from '../iam/iam-client';
import { type Accounts, BOT, HOME, PROD, STAGING_ROLE, startAccounts, stsClient } from './fixture';

describe('sandbox STS: GetAccessKeyInfo', () => {
  let accounts: Accounts;
  let sts: STSClient;

  beforeEach(async () => {
    accounts = await startAccounts();
    sts = stsClient(accounts.sts);
  });

  afterEach(async () => {
    sts.destroy();
    await accounts.close();
  });

  it('names the account of an IAM user’s key, of the bot’s key, and of a session key', async () => {
    accounts.prod.addUser('alice');
    const prodKey = accounts.prod.addKey('alice', { accessKeyId: 'AKIAPRODALICE000001' });
    const session = await sts.send(
      new AssumeRoleCommand({ RoleArn: STAGING_ROLE, RoleSessionName: 'keywarden' }),
    );

    const ask = async (AccessKeyId: string) =>
      (await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId }))).Account;

    expect(await ask(prodKey.accessKeyId)).toBe(PROD);
    expect(await ask(BOT.accessKeyId)).toBe(HOME);
    expect(await ask(session.Credentials?.AccessKeyId ?? '')).toBe('222222222222');
    // Real STS decodes any well-formed key id to some account; here that is one the sandbox does not hold.
    expect(await ask('AKIANOBODYKNOWS0001')).toBe(FOREIGN_ACCOUNT_ID);
  });

  it('validates the key id as STS does', async () => {
    const error = await failure(sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'short' })));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain("at 'accessKeyId' failed to satisfy constraint");
  });

  it('can answer as an emulator without it: InvalidAction (400), not retried', async () => {
    accounts.sts.setGetAccessKeyInfo('InvalidAction');
    const retrying = stsClient(accounts.sts, { maxAttempts: 3 });
    try {
      const error = await failure(
        retrying.send(new GetAccessKeyInfoCommand({ AccessKeyId: BOT.accessKeyId })),
      );

      expect(error.name).toBe('InvalidAction');
      expect(error.message).toBe('Could not find operation GetAccessKeyInfo for version 2011-06-15');
      expect(error['$metadata']).toMatchObject({ httpStatusCode: 400 });
      expect(accounts.sts.calls('GetAccessKeyInfo')).toHaveLength(1);
    } finally {
      retrying.destroy();
    }
    accounts.sts.setGetAccessKeyInfo('supported');
    await expect(
      sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: BOT.accessKeyId })),
    ).resolves.toMatchObject({
      Account: HOME,
    });
  });

  it('can answer as LocalStack does for an action it lacks: 501 InternalFailure, which the SDK does not retry', async () => {
    accounts.sts.setGetAccessKeyInfo('NotImplemented');
    const retrying = stsClient(accounts.sts, { maxAttempts: 3 });
    try {
      const error = await failure(
        retrying.send(new GetAccessKeyInfoCommand({ AccessKeyId: BOT.accessKeyId })),
      );

      expect(error.name).toBe('InternalFailure');
      expect(error['$fault']).toBe('server');
      // The SDK retries 500, 502, 503 and 504 as transient, but not 501: the fallback sees it at once.
      expect(error['$metadata']).toMatchObject({ httpStatusCode: 501, attempts: 1 });
      expect(accounts.sts.calls('GetAccessKeyInfo').map((c) => c.status)).toEqual([501]);
    } finally {
      retrying.destroy();
    }
  });
});

describe('sandbox STS: faults and latency', () => {
  let accounts: Accounts;
  let sts: STSClient;
  const assume = () => new AssumeRoleCommand({ RoleArn: STAGING_ROLE, RoleSessionName: 'keywarden' });

  beforeEach(async () => {
    accounts = await startAccounts();
    sts = stsClient(accounts.sts);
  });

  afterEach(async () => {
    sts.destroy();
    await accounts.close();
  });

  it('injects AccessDenied on AssumeRole in STS’s words, once', async () => {
    accounts.sts.injectFault({ action: 'AssumeRole', code: 'AccessDenied' });

    const error = await failure(sts.send(assume()));
    await expect(sts.send(assume())).resolves.toBeDefined();

    expect(error.name).toBe('AccessDenied');
    expect(error.message).toBe(
      `User: arn:aws:iam::${HOME}:user/keywarden-bot is not authorized to perform: sts:AssumeRole on resource: ${STAGING_ROLE}`,
    );
    expect(accounts.registry.issued()).toHaveLength(1);
  });

  it('injects a 5xx that the SDK retries, and only the retry issues a session', async () => {
    accounts.sts.injectFault({ action: 'AssumeRole', code: 'ServiceUnavailable' });
    const retrying = stsClient(accounts.sts, { maxAttempts: 2 });
    try {
      const out = await retrying.send(assume());
      expect(out.$metadata.attempts).toBe(2);
      expect(accounts.sts.assumeRoleCalls().map((c) => c.status)).toEqual([503, 200]);
      expect(accounts.registry.issued().map((c) => c.accessKeyId)).toEqual([out.Credentials?.AccessKeyId]);
    } finally {
      retrying.destroy();
    }
  });

  it('with afterApplying, issues a session whose answer is lost', async () => {
    accounts.sts.injectFault({ action: 'AssumeRole', code: 'InternalFailure', afterApplying: true });

    const error = await failure(sts.send(assume()));

    expect(error.name).toBe('InternalFailure');
    expect(error['$metadata']).toMatchObject({ httpStatusCode: 500 });
    const [issued] = accounts.registry.issued();
    expect(accounts.sts.assumeRoleCalls()).toMatchObject([
      { status: 500, issuedAccessKeyId: issued?.accessKeyId },
    ]);
  });

  it('drops the connection instead of answering, and logs the call with status 0', async () => {
    accounts.sts.injectFault({ code: 'InternalFailure', dropConnection: true });

    const error = await failure(sts.send(assume()));

    expect(error.message).toMatch(/socket hang up/);
    expect(accounts.sts.calls()).toMatchObject([
      { action: 'AssumeRole', status: 0, errorCode: 'ConnectionDropped' },
    ]);
    expect(accounts.registry.issued()).toEqual([]);
  });

  it('delays one action when asked, and every request with setLatency', async () => {
    // A delay far longer than a call (a few ms) takes: the next call is seen not to wait it, on any machine.
    accounts.sts.injectFault({ action: 'AssumeRole', delayMs: 1_500 });
    let started = Date.now();
    await sts.send(assume());
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_490);

    started = Date.now();
    await sts.send(assume());
    expect(Date.now() - started).toBeLessThan(1_490);

    accounts.sts.setLatency(150);
    started = Date.now();
    await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: BOT.accessKeyId }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
