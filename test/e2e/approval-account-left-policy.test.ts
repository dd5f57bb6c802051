import { startSlackServer, type SlackServer } from '../../sandbox/slack';
import { APPROVE_ACTION } from '../../src/features/approvals/slack/approval-request';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import { approvalMessageFor, eventually } from '../support/approvals';
import {
  BOT_TOKEN,
  PEOPLE,
  POLICY_YAML,
  replyText,
  SLACK_USERS,
  startBot,
  startSharedStore,
  type Bot,
} from '../support/bot';
import { PROD, PROD_ROLE, STAGING_ROLE, BOT, startAccounts, type Accounts } from '../sandbox/sts/fixture';

/** The stories' policy with the bot's own account and the given member accounts. */
function policy(members: string): string {
  return `${POLICY_YAML}
accounts:
  - name: home
${members}`;
}
const WITH_PROD = `  - name: prod
    roleArn: ${PROD_ROLE}
    externalId: keywarden-prod
`;

describe('a request whose account left the policy is refused, never carried out elsewhere', () => {
  let aws: Accounts;
  let slack: SlackServer;
  let store: EmbeddedDynamo;
  let bot: Bot | undefined;

  beforeAll(async () => {
    aws = await startAccounts();
    for (const state of [aws.home, aws.prod, aws.staging]) state.addUser('alice');
    store = await startSharedStore();
    slack = await startSlackServer({ botToken: BOT_TOKEN, users: SLACK_USERS });
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });
  afterAll(async () => {
    await slack.close();
    await store.close();
    await aws.close();
  });

  const start = (policyYaml: string) =>
    startBot({
      iam: aws.iam,
      slack,
      dynamoEndpoint: store.endpoint,
      awsCredentials: BOT,
      stsUrl: aws.sts.url,
      policyYaml,
    });

  /** Alice asks for her prod key's deletion while prod is managed; the bot then stops. */
  async function requestedInProd(): Promise<{ keyId: string; requestId: string; ts: string }> {
    const keyId = aws.prod.addKey('alice').accessKeyId;
    const first = await start(policy(WITH_PROD));
    try {
      const asked = await first.driver.command(`delete ${keyId} rotated out`, { userId: PEOPLE.alice });
      expect(replyText(await first.driver.waitForResponse(asked.responseUrl, 10_000))).toContain(
        'requested.',
      );
      const { message, requestId } = approvalMessageFor(first, keyId);
      expect(JSON.stringify(message.blocks)).toContain(`prod (${PROD})`);
      return { keyId, requestId, ts: message.ts };
    } finally {
      await first.stop();
    }
  }

  async function approveAfterRestart(policyYaml: string) {
    const { keyId, requestId, ts } = await requestedInProd();
    bot = await start(policyYaml);
    aws.iam.clearCalls();
    const clicked = await bot.driver.click(APPROVE_ACTION, requestId, {
      userId: PEOPLE.approver,
      channelId: 'C0APPROVALS',
      messageTs: ts,
    });
    const answer = replyText(await bot.driver.waitForResponse(clicked.responseUrl, 10_000));
    return { keyId, requestId, answer };
  }

  async function expectRefusedAndRecorded(bot: Bot, keyId: string, requestId: string, answer: string) {
    expect(answer).toContain('no longer manage');
    expect(answer).not.toContain('deleted');
    expect(aws.iam.calls('DeleteAccessKey')).toHaveLength(0);
    expect(aws.prod.findKey(keyId)).toBeDefined();
    // The message says so, and the trail holds the refusal.
    await eventually(() => {
      const message = slack.messages('C0APPROVALS').find((m) => JSON.stringify(m.blocks).includes(requestId));
      return JSON.stringify(message?.blocks ?? []).includes('no longer managed');
    });
    const audited = await bot.driver.command(`audit ${keyId}`, { userId: PEOPLE.admin });
    const trail = replyText(await bot.driver.waitForResponse(audited.responseUrl, 10_000));
    expect(trail).toContain('the account is no longer managed');
  }

  it('prod removed from the policy: the approval is refused, no DeleteAccessKey anywhere, and the answer says why', async () => {
    const { keyId, requestId, answer } = await approveAfterRestart(policy(''));
    await expectRefusedAndRecorded(bot as Bot, keyId, requestId, answer);
  }, 60_000);

  it('the name prod now given to another account: the request is still refused, never run there', async () => {
    const { keyId, requestId, answer } = await approveAfterRestart(
      policy(`  - name: prod\n    roleArn: ${STAGING_ROLE}\n`),
    );
    await expectRefusedAndRecorded(bot as Bot, keyId, requestId, answer);
  }, 60_000);
});
