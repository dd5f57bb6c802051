import { SdkIamAccounts } from '../../../src/platform/aws/iam-accounts';
import { KeywardenError } from '../../../src/kernel/errors';
import type { KeyId, SlackUserId } from '../../../src/kernel/types';
import { createLogger } from '../../../src/platform/logger';
import {
  BOT,
  PROD,
  PROD_ROLE,
  STAGING,
  STAGING_ROLE,
  startAccounts,
  type Accounts,
} from '../../sandbox/sts/fixture';

const ADMIN = 'U0ADMIN' as SlackUserId;

describe('SdkIamAccounts.locate: the accounts that hold a key', () => {
  let aws: Accounts;
  let accounts: SdkIamAccounts;
  let prodKey: KeyId;

  async function located(keyId: string): Promise<string[]> {
    return (await accounts.locate(keyId as KeyId, ADMIN)).map((account) => account.name);
  }

  beforeAll(async () => {
    aws = await startAccounts();
    for (const state of [aws.home, aws.prod, aws.staging]) state.addUser('alice');
    prodKey = aws.prod.addKey('alice').accessKeyId as KeyId;
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
  beforeEach(() => {
    aws.iam.clearCalls();
    aws.iam.clearFaults();
    aws.sts.clearFaults();
    aws.iam.setCrossAccountLastUsed(false);
  });

  describe('STS names the account', () => {
    it('a managed account: taken as STS says, without asking IAM', async () => {
      expect(await located(prodKey)).toEqual(['prod']);
      expect(aws.iam.calls()).toEqual([]);
    });

    it('an account Keywarden does not manage: none, without asking IAM', async () => {
      expect(await located('AKIAKEYOFANOTHERACCOUNT')).toEqual([]);
      expect(aws.iam.calls()).toEqual([]);
    });
  });

  describe('STS cannot (GetAccessKeyInfo denied), and IAM answers GetAccessKeyLastUsed across accounts', () => {
    beforeEach(() => {
      aws.sts.injectFault({ action: 'GetAccessKeyInfo', code: 'AccessDenied', times: 100 });
      aws.iam.setCrossAccountLastUsed(true);
    });

    it('only the account whose user lists the key holds it', async () => {
      expect(await located(prodKey)).toEqual(['prod']);
      const answered = aws.iam.calls('GetAccessKeyLastUsed').filter((call) => call.status === 200);
      expect(answered.map((call) => call.accountId).sort()).toEqual(
        [aws.home.accountId, PROD, STAGING].sort(),
      );
    });

    it('two accounts whose users list the same key id: both are named, for the caller to refuse', async () => {
      const twin = 'AKIATWINKEYLOCATETEST';
      for (const state of [aws.prod, aws.staging]) {
        state.addUser('dora');
        state.addKey('dora', { accessKeyId: twin });
      }
      expect(await located(twin)).toEqual(['prod', 'staging']);
    });

    it('an account whose listing is refused was not asked: it throws, never "none"', async () => {
      aws.iam.injectFault({ action: 'ListAccessKeys', accountId: PROD, code: 'AccessDenied', times: 100 });
      const failure = accounts.locate(prodKey, ADMIN);
      await expect(failure).rejects.toBeInstanceOf(KeywardenError);
      await expect(failure).rejects.toMatchObject({
        code: 'ACCOUNT_UNAVAILABLE',
        message: 'the key could not be looked for in prod',
      });
    });

    it('one account confirms while another cannot be asked: the one that confirms', async () => {
      aws.iam.injectFault({
        action: 'GetAccessKeyLastUsed',
        accountId: STAGING,
        code: 'Throttling',
        times: 100,
      });
      expect(await located(prodKey)).toEqual(['prod']);
      expect(aws.iam.calls('GetAccessKeyLastUsed').some((call) => call.accountId === STAGING)).toBe(true);
    });
  });

  describe('resolve: the key, its account and owner, each account read once', () => {
    const reads = (accountId: string) =>
      aws.iam
        .calls()
        .filter((call) => call.accountId === accountId)
        .map((call) => call.action);

    it("STS names prod: the key is read there, in the caller's session, once", async () => {
      const resolved = await accounts.resolve(prodKey, ADMIN);
      expect(resolved).toMatchObject({
        ok: true,
        value: { account: { name: 'prod' }, owner: 'alice', key: { keyId: prodKey, status: 'Active' } },
      });
      expect(reads(PROD)).toEqual(['GetAccessKeyLastUsed', 'ListAccessKeys']);
      expect(aws.iam.calls().every((call) => call.accountId === PROD && call.sourceIdentity === ADMIN)).toBe(
        true,
      );
    });

    it("STS cannot: the confirmation's reads are the answer, not made again", async () => {
      aws.sts.injectFault({ action: 'GetAccessKeyInfo', code: 'AccessDenied', times: 100 });
      aws.iam.setCrossAccountLastUsed(true);
      expect(await accounts.resolve(prodKey, ADMIN)).toMatchObject({
        ok: true,
        value: { account: { name: 'prod' }, owner: 'alice', key: { keyId: prodKey } },
      });
      expect(reads(PROD)).toEqual(['GetAccessKeyLastUsed', 'ListAccessKeys']);
    });

    it('an account that could not be asked: refused as unavailable, never "no such key"', async () => {
      aws.sts.injectFault({ action: 'GetAccessKeyInfo', code: 'AccessDenied', times: 100 });
      aws.iam.setCrossAccountLastUsed(true);
      aws.iam.injectFault({ action: 'ListAccessKeys', accountId: PROD, code: 'AccessDenied', times: 100 });
      expect(await accounts.resolve(prodKey, ADMIN)).toEqual({
        ok: false,
        refusal: { reason: 'account-unavailable', why: 'the key could not be looked for in prod' },
      });
    });
  });
});
