import { approvalMessageFor } from '../support/approvals';
import { PEOPLE, POLICY_YAML, startBot, type Bot, commandReply as command } from '../support/bot';
import {
  BOT,
  HOME,
  PROD,
  PROD_ROLE,
  STAGING,
  startAccounts,
  threeAccountsYaml,
  type Accounts,
} from '../sandbox/sts/fixture';
import { keyInSeveralAccountsText, noSuchKey } from '../../src/platform/slack/blocks/texts';

/** The policy of the stories, with three accounts: the bot's own, prod (ExternalId) and staging. */
function policy(prodExternalId = 'keywarden-prod'): string {
  return `${POLICY_YAML}
${threeAccountsYaml(prodExternalId)}`;
}

/** The text as it travels in a JSON reply (quotes and backticks as they are, no escapes needed). */
function inReply(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * STS cannot name a key's account (an SCP denies sts:GetAccessKeyInfo), and IAM answers
 * GetAccessKeyLastUsed for a key of another account with that key's user name, as some emulators
 * do. alice exists in every account, so that answer names a user the asking account has too.
 */
async function startCrossAccountIam(): Promise<Accounts> {
  const aws = await startAccounts();
  for (const state of [aws.home, aws.prod, aws.staging]) state.addUser('alice');
  aws.iam.setCrossAccountLastUsed(true);
  aws.sts.injectFault({ action: 'GetAccessKeyInfo', code: 'AccessDenied', times: 10_000 });
  return aws;
}

describe('a key id is placed in the account whose user lists it, not the first that answers', () => {
  let aws: Accounts;
  let bot: Bot;
  let prodKey: string;
  let homeKey: string;

  beforeAll(async () => {
    aws = await startCrossAccountIam();
    homeKey = aws.home.addKey('alice').accessKeyId;
    prodKey = aws.prod.addKey('alice').accessKeyId;
    bot = await startBot({ iam: aws.iam, awsCredentials: BOT, stsUrl: aws.sts.url, policyYaml: policy() });
  });
  afterAll(async () => {
    await bot.stop();
    await aws.close();
  });
  beforeEach(() => {
    aws.iam.clearCalls();
    aws.iam.clearFaults();
  });

  it('last-used of a prod key answers from prod; home answered for it, but its alice does not list it', async () => {
    const answer = await command(bot, `last-used ${prodKey}`, PEOPLE.alice);

    expect(answer).toContain(prodKey);
    expect(answer).toContain(`prod (${PROD})`);
    expect(aws.sts.calls('GetAccessKeyInfo').map((call) => call.status)).toContain(403);
    const home = aws.iam.calls().filter((call) => call.accountId !== PROD && call.accountId !== STAGING);
    expect(home.find((call) => call.action === 'GetAccessKeyLastUsed')).toMatchObject({ status: 200 });
    expect(home.find((call) => call.action === 'ListAccessKeys')).toMatchObject({
      params: { UserName: 'alice' },
    });
  });

  it('/keys delete of a prod key opens an approval request for prod, not "no such key"', async () => {
    const requested = await command(bot, `delete ${prodKey} rotated out`, PEOPLE.alice);

    expect(requested).toContain('requested');
    expect(requested).not.toContain(inReply(noSuchKey(prodKey)));
    const { message } = approvalMessageFor(bot, prodKey);
    const blocks = JSON.stringify(message.blocks);
    expect(blocks).toContain(`prod (${PROD})`);
    expect(blocks).not.toMatch(/\bhome\b/);
    // The request's snapshot (owner, key) was read in prod, in alice's session there.
    const read = aws.iam
      .calls()
      .filter((call) => call.accountId === PROD && call.sourceIdentity === PEOPLE.alice);
    expect(read.map((call) => call.action)).toEqual(
      expect.arrayContaining(['GetAccessKeyLastUsed', 'ListAccessKeys']),
    );
    expect(aws.prod.findKey(prodKey)?.status).toBe('Active');
  });

  it('a home key is still found in home, though prod and staging answer for it too', async () => {
    const answer = await command(bot, `last-used ${homeKey}`, PEOPLE.alice);
    expect(answer).toContain(homeKey);
    expect(answer).toContain(`home (${HOME})`);
    expect(answer).not.toContain(`prod (${PROD})`);
  });

  it('a key no account lists is "no such key" only once every account was asked', async () => {
    const answer = await command(bot, 'last-used AKIANOSUCHKEYANYWHERE', PEOPLE.admin);
    expect(answer).toContain(inReply(noSuchKey('AKIANOSUCHKEYANYWHERE')));
    const asked = aws.iam.calls('GetAccessKeyLastUsed').map((call) => call.accountId);
    expect(asked).toEqual(expect.arrayContaining([PROD, STAGING]));
    expect(asked).toHaveLength(3);
  });

  it('prod throttled while confirming: the answer names prod, never "no such key"', async () => {
    const staleKey = aws.prod.addKey('alice').accessKeyId;
    // More than the SDK's attempts: prod cannot confirm, and home and staging list no such key.
    aws.iam.injectFault({ action: 'ListAccessKeys', accountId: PROD, code: 'Throttling', times: 10 });

    const answer = await command(bot, `last-used ${staleKey}`, PEOPLE.admin);

    expect(answer).toContain('could not be looked for in prod');
    expect(answer).not.toContain(inReply(noSuchKey(staleKey)));
    expect(answer).not.toContain('Last used');
  });

  it('two accounts that both list the key: refused, naming both, and nothing is requested', async () => {
    const twin = 'AKIATWINKEYINTWOACCOUNTS';
    for (const state of [aws.prod, aws.staging]) {
      state.addUser('carol');
      state.addKey('carol', { accessKeyId: twin });
    }
    const before = bot.slack.messages('C0APPROVALS').length;

    const lastUsed = await command(bot, `last-used ${twin}`, PEOPLE.admin);
    const deletion = await command(bot, `delete ${twin} two of them`, PEOPLE.admin);

    const refusal = inReply(
      keyInSeveralAccountsText(twin, [
        { name: 'prod', id: PROD },
        { name: 'staging', id: STAGING },
      ]),
    );
    expect(lastUsed).toContain(refusal);
    expect(deletion).toContain(refusal);
    expect(bot.slack.messages('C0APPROVALS')).toHaveLength(before);
    expect(aws.prod.findKey(twin)?.status).toBe('Active');
    expect(aws.staging.findKey(twin)?.status).toBe('Active');
  });
});

describe('an account that cannot be asked while STS cannot name the account', () => {
  let aws: Accounts;
  let bot: Bot;
  let prodKey: string;

  beforeAll(async () => {
    aws = await startCrossAccountIam();
    aws.home.addKey('alice');
    prodKey = aws.prod.addKey('alice').accessKeyId;
    bot = await startBot({
      iam: aws.iam,
      awsCredentials: BOT,
      stsUrl: aws.sts.url,
      policyYaml: policy('the-wrong-external-id'),
    });
  });
  afterAll(async () => {
    await bot.stop();
    await aws.close();
  });

  it('AssumeRole into prod denied: the answer says prod could not be asked, not "no such key"', async () => {
    const answer = await command(bot, `last-used ${prodKey}`, PEOPLE.admin);

    expect(answer).toContain('could not be looked for in prod');
    expect(answer).not.toContain(inReply(noSuchKey(prodKey)));
    expect(answer).not.toContain('Last used');
    expect(aws.sts.assumeRoleCalls().some((call) => call.roleArn === PROD_ROLE && call.status === 403)).toBe(
      true,
    );
  });
});
