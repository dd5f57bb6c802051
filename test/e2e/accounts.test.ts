import { approvalMessageFor, eventually } from '../support/approvals';
import { PEOPLE, POLICY_YAML, replyText, startBot, type Bot, commandReply as command } from '../support/bot';
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
import { APPROVE_ACTION } from '../../src/features/approvals/slack/approval-request';
import { STALE_DEACTIVATE_ACTION } from '../../src/features/reports/slack/report-button';
import { STALE_LINE_MENU_ACTION } from '../../src/features/reports/slack/report-line-menu';
import { reportButton } from '../support/stale-reports';
import { unknownAccountText } from '../../src/platform/slack/blocks/texts';

/** The policy of the stories, with three accounts: the bot's own, prod (ExternalId) and staging. */
function policy(prodExternalId = 'keywarden-prod'): string {
  return `${POLICY_YAML}
${threeAccountsYaml(prodExternalId)}`;
}

describe('many AWS accounts, CloudTrail naming the Slack person', () => {
  let aws: Accounts;
  let bot: Bot;
  let prodKey: string;
  let homeKey: string;
  let staleStagingKey: string;

  beforeAll(async () => {
    aws = await startAccounts();
    for (const state of [aws.home, aws.prod, aws.staging]) state.addUser('alice');
    homeKey = aws.home.addKey('alice').accessKeyId;
    prodKey = aws.prod.addKey('alice').accessKeyId;
    aws.staging.addUser('carol');
    staleStagingKey = aws.staging.addKey('carol', {
      createDate: new Date(Date.now() - 200 * 86_400_000),
    }).accessKeyId;
    bot = await startBot({ iam: aws.iam, awsCredentials: BOT, stsUrl: aws.sts.url, policyYaml: policy() });
  });
  afterAll(async () => {
    await bot.stop();
    await aws.close();
  });
  beforeEach(() => aws.iam.clearCalls());

  it('alice@prod lists her prod key, in a session named for her', async () => {
    const answer = await command(bot, 'list alice@prod', PEOPLE.alice);
    expect(answer).toContain(prodKey);
    expect(answer).not.toContain(homeKey);
    expect(answer).toContain(`prod (${PROD})`);
    const calls = aws.iam.calls().filter((call) => call.action === 'ListAccessKeys');
    expect(calls.map((call) => [call.accountId, call.sourceIdentity, call.roleSessionName])).toEqual([
      [PROD, PEOPLE.alice, `keywarden-${PEOPLE.alice}`],
    ]);
  });

  it("/keys list without @ACCOUNT lists every account, each group named, each in the person's session", async () => {
    for (const text of ['list', 'list alice']) {
      const answer = await command(bot, text, PEOPLE.alice);
      expect(answer).toContain(homeKey);
      expect(answer).toContain(prodKey);
      expect(answer).toContain(`*prod (${PROD})*`);
      expect(answer).toContain('*staging (222222222222)*: no access keys');
    }
    const lists = aws.iam
      .calls()
      .filter((call) => call.action === 'ListAccessKeys' && call.accountId !== HOME);
    expect(new Set(lists.map((call) => call.sourceIdentity))).toEqual(new Set([PEOPLE.alice]));
  });

  it('a bare USER still makes keys in the first account', async () => {
    await command(bot, 'create', PEOPLE.alice);
    const creates = aws.iam.calls().filter((call) => call.action === 'CreateAccessKey');
    expect(creates.map((call) => call.accountId)).toEqual([HOME]);
  });

  it('an unknown account gets a short answer with the names, and nothing reaches AWS', async () => {
    expect(await command(bot, 'list alice@prdo', PEOPLE.alice)).toContain(
      JSON.stringify(unknownAccountText('prdo', ['home', 'prod', 'staging'])).slice(1, -1),
    );
    expect(aws.iam.calls()).toHaveLength(0);
  });

  it('a bare key id is found in the account that holds it, and acted on there as the admin', async () => {
    const answer = await command(bot, `deactivate ${prodKey}`, PEOPLE.admin);
    expect(answer).toContain('inactive');
    expect(aws.prod.findKey(prodKey)?.status).toBe('Inactive');
    const update = aws.iam.calls().find((call) => call.action === 'UpdateAccessKey');
    expect(update).toMatchObject({
      accountId: PROD,
      sourceIdentity: PEOPLE.admin,
      params: { UserName: 'alice' },
    });
    await command(bot, `activate ${prodKey}`, PEOPLE.admin);
  });

  it('where STS cannot say which account holds a key, each account is asked', async () => {
    aws.sts.setGetAccessKeyInfo('InvalidAction');
    try {
      expect(await command(bot, `last-used ${prodKey}`, PEOPLE.alice)).toContain(prodKey);
      expect(await command(bot, 'last-used AKIANOSUCHKEYANYWHERE', PEOPLE.admin)).toContain('no access key');
    } finally {
      aws.sts.setGetAccessKeyInfo('supported');
    }
  });

  it('an approved deletion in prod is executed there in the approver’s session', async () => {
    const requested = await command(bot, `delete ${prodKey} rotated out`, PEOPLE.alice);
    expect(requested).toContain('requested');
    const { message } = await approvalMessageFor(bot, prodKey);
    expect(JSON.stringify(message.blocks)).toContain(`prod (${PROD})`);
    const value = /"action_id":"approval\.approve","value":"([^"]+)"/.exec(
      JSON.stringify(message.blocks),
    )?.[1];
    await bot.driver.click(APPROVE_ACTION, value ?? '', {
      userId: PEOPLE.approver,
      channelId: 'C0APPROVALS',
      messageTs: message.ts,
    });
    await eventually(() => aws.prod.findKey(prodKey) === undefined);
    const deletes = aws.iam.calls().filter((call) => call.action === 'DeleteAccessKey');
    expect(deletes.map((call) => [call.accountId, call.sourceIdentity])).toEqual([[PROD, PEOPLE.approver]]);
    expect(aws.home.findKey(homeKey)).toBeDefined();
  });

  it("/keys stale covers every account, each named with its counts, scanned in the admin's session", async () => {
    const answer = await command(bot, 'stale', PEOPLE.admin);
    // The bot's own account too: its id from STS, asked alongside the first work there.
    for (const label of [`home (${HOME})`, `prod (${PROD})`, `staging (${STAGING})`])
      expect(answer).toContain(label);
    expect(answer).toContain('carol');
    expect(answer).toContain(`staging (${STAGING})`);
    const scans = aws.iam.calls().filter((call) => call.action === 'GetCredentialReport');
    expect(new Set(scans.map((call) => call.accountId))).toEqual(new Set([HOME, PROD, STAGING]));
    expect(
      scans.filter((call) => call.accountId !== HOME).every((call) => call.sourceIdentity === PEOPLE.admin),
    ).toBe(true);
  });

  it("a report's Deactivate acts in the key's own account", async () => {
    const answer = await command(bot, 'stale', PEOPLE.admin);
    // Deactivate is an option of the line's menu (issue 26, item 12).
    const value = reportButton(
      JSON.parse(answer) as { blocks?: unknown[] },
      'carol',
      STALE_DEACTIVATE_ACTION,
    );
    const reply = await bot.driver.click(STALE_LINE_MENU_ACTION, value, {
      userId: PEOPLE.admin,
      channelId: 'C0SECOPS',
      overflow: true,
    });
    expect(replyText(await bot.driver.waitForResponse(reply.responseUrl, 10_000))).toContain('now inactive');
    expect(aws.staging.findKey(staleStagingKey)?.status).toBe('Inactive');
    const update = aws.iam.calls().find((call) => call.action === 'UpdateAccessKey');
    expect(update).toMatchObject({ accountId: STAGING, sourceIdentity: PEOPLE.admin });
  });

  it('one AssumeRole per person and account, however many calls they make', () => {
    const sessions = aws.sts
      .assumeRoleCalls()
      .filter((call) => call.status === 200)
      .map(
        (call) => `${call.roleArn} ${call.roleSessionName} ${call.sourceIdentity} ${call.externalId ?? '-'}`,
      );
    expect(new Set(sessions).size).toBe(sessions.length);
    expect(sessions).toContain(`${PROD_ROLE} keywarden-${PEOPLE.alice} ${PEOPLE.alice} keywarden-prod`);
  });
});

describe('an account that cannot be reached is said, never hidden', () => {
  let aws: Accounts;
  let bot: Bot;

  beforeAll(async () => {
    aws = await startAccounts();
    aws.home.addUser('alice');
    aws.prod.addUser('alice');
    aws.home.addKey('alice');
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

  it('a wrong ExternalId: the bot serves, prod is named with its reason, home still works', async () => {
    const health = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    expect(health.status).toBe(200);
    const answer = await command(bot, 'list alice@prod', PEOPLE.alice);
    expect(answer).toContain('account prod');
    expect(answer).toContain('ExternalId');
    expect(aws.prod.keysOf('alice')).toHaveLength(0);
    expect(await command(bot, 'list alice', PEOPLE.alice)).toContain(
      aws.home.keysOf('alice')[0]?.accessKeyId,
    );
  });
});
