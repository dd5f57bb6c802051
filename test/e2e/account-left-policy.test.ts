import { startSlackServer, type SlackServer } from '../../sandbox/slack';
import { ACCEPT_INVITATION_ACTION } from '../../src/features/creation/slack/invitation';
import { accountNotManagedText } from '../../src/platform/slack/blocks/texts';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import {
  APP_TOKEN,
  BOT_TOKEN,
  PEOPLE,
  POLICY_YAML,
  replyText,
  SLACK_USERS,
  startBot,
  startSharedStore,
  type Bot,
} from '../support/bot';
import { dmButton } from '../support/dm-button';
import { BOT, PROD, PROD_ROLE, startAccounts, type Accounts } from '../sandbox/sts/fixture';

/**
 * A stored record names its account; after the policy stops managing that account, the record is
 * refused, never carried out in the default account. Each bot here is one start of Keywarden over
 * the same table: the invitation is made by the first, clicked at the second.
 */
const withAccounts = (accounts: string) => `${POLICY_YAML}\naccounts:\n${accounts}`;
const HOME_AND_PROD = withAccounts(
  `  - name: home\n  - name: prod\n    roleArn: ${PROD_ROLE}\n    externalId: keywarden-prod\n`,
);
const HOME_ONLY = withAccounts('  - name: home\n');
const HOME_AND_PROD_RENAMED = withAccounts(
  `  - name: home\n  - name: production\n    roleArn: ${PROD_ROLE}\n    externalId: keywarden-prod\n`,
);

describe('an invitation for bob@prod, after prod left the policy', () => {
  let aws: Accounts;
  let slack: SlackServer;
  let store: EmbeddedDynamo;
  const started: Bot[] = [];

  const start = async (policyYaml: string) => {
    const bot = await startBot({
      iam: aws.iam,
      slack,
      awsCredentials: BOT,
      stsUrl: aws.sts.url,
      dynamoEndpoint: store.endpoint,
      policyYaml,
    });
    started.push(bot);
    return bot;
  };

  const invite = async (bot: Bot) => {
    const asked = await bot.driver.command('create bob@prod', { userId: PEOPLE.admin });
    expect(replyText(await bot.driver.waitForResponse(asked.responseUrl))).toContain('Create my key');
    return dmButton(bot, PEOPLE.bob, ACCEPT_INVITATION_ACTION);
  };

  const accept = async (bot: Bot, invitation: ReturnType<typeof dmButton>) => {
    const reply = await bot.driver.click(ACCEPT_INVITATION_ACTION, invitation.value, {
      userId: PEOPLE.bob,
      channelId: invitation.channel,
      messageTs: invitation.message.ts,
    });
    return replyText(await bot.driver.waitForResponse(reply.responseUrl));
  };

  beforeAll(async () => {
    aws = await startAccounts();
    aws.home.addUser('bob');
    aws.prod.addUser('bob');
    slack = await startSlackServer({
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      users: SLACK_USERS,
      usergroups: { S0APPROVERS: [PEOPLE.approver2] },
    });
    store = await startSharedStore();
  });
  afterEach(async () => {
    for (const bot of started.splice(0)) await bot.stop();
  });
  afterAll(async () => {
    await store.close();
    await slack.close();
    await aws.close();
  });

  it("restarted without prod: bob's click is refused, saying so, and no key is made in any account", async () => {
    const before = await start(HOME_AND_PROD);
    const invitation = await invite(before);
    await before.stop();
    started.splice(0);

    const after = await start(HOME_ONLY);
    aws.iam.clearCalls();
    const answer = await accept(after, invitation);
    expect(answer).toContain(JSON.stringify(accountNotManagedText('prod', PROD)).slice(1, -1));
    expect(aws.iam.calls('CreateAccessKey')).toHaveLength(0);
    expect(aws.home.keysOf('bob')).toHaveLength(0);
    expect(aws.prod.keysOf('bob')).toHaveLength(0);
    const audit = after.driver.command('audit bob', { userId: PEOPLE.admin });
    expect(replyText(await after.driver.waitForResponse((await audit).responseUrl))).toContain(
      'the account is no longer managed',
    );
  });

  it('restarted with prod renamed: the same account (by its id) makes the key, never home', async () => {
    const before = await start(HOME_AND_PROD);
    const invitation = await invite(before);
    await before.stop();
    started.splice(0);

    const after = await start(HOME_AND_PROD_RENAMED);
    aws.iam.clearCalls();
    expect(await accept(after, invitation)).toContain('was made');
    expect(aws.iam.calls('CreateAccessKey').map((call) => call.accountId)).toEqual([PROD]);
    expect(aws.prod.keysOf('bob')).toHaveLength(1);
    expect(aws.home.keysOf('bob')).toHaveLength(0);
  });
});
