import { APPROVE_ACTION } from '../../src/features/approvals/slack/approval-request';
import { noPersonInCloudTrailWarning } from '../../src/platform/aws/cloudtrail-person-warning';
import { approvalMessageFor, eventually } from '../support/approvals';
import { PEOPLE, POLICY_YAML, startBot, type Bot, commandReply as command } from '../support/bot';
import {
  BOT,
  HOME,
  PROD_ROLE,
  STAGING_ROLE,
  startAccounts,
  threeAccountsYaml,
  type Accounts,
} from '../sandbox/sts/fixture';

/** infra/keywarden-home-role.cfn.yml's role, in the bot's own account. */
const HOME_ROLE = `arn:aws:iam::${HOME}:role/keywarden-home`;

/**
 * Issue 26, item 5: the recommended setup, a roleArn on the bot's own account, makes CloudTrail name
 * the Slack person there too: CreateAccessKey and DeleteAccessKey included. Without it, start-up says
 * plainly what CloudTrail shows.
 */
describe("the bot's own account through a role of its own", () => {
  let aws: Accounts;
  let bot: Bot;

  beforeAll(async () => {
    aws = await startAccounts({
      roles: {
        [HOME_ROLE]: { trusts: [HOME] },
        [PROD_ROLE]: { externalId: 'keywarden-prod', trusts: [HOME] },
        [STAGING_ROLE]: { trusts: [HOME] },
      },
    });
    aws.home.addUser('alice');
    bot = await startBot({
      iam: aws.iam,
      awsCredentials: BOT,
      stsUrl: aws.sts.url,
      policyYaml: `${POLICY_YAML}\n${threeAccountsYaml().replace(
        '  - name: home\n',
        `  - name: home\n    roleArn: ${HOME_ROLE}\n`,
      )}`,
    });
  });
  afterAll(async () => {
    await bot.stop();
    await aws.close();
  });

  it('says nothing at start-up: CloudTrail names the person in every account', () => {
    expect(bot.logs.join('\n')).not.toContain('CloudTrail cannot tell people apart');
  });

  it("alice's create and the approver's delete run in the home account in sessions named for each", async () => {
    const stsBefore = aws.sts.assumeRoleCalls().length;
    await command(bot, 'create', PEOPLE.alice);
    const [created] = aws.home.keysOf('alice');
    expect(created).toBeDefined();
    const keyId = created?.accessKeyId as string;

    await command(bot, `delete ${keyId} rotated out`, PEOPLE.alice);
    const { message, requestId } = approvalMessageFor(bot, keyId);
    await bot.driver.click(APPROVE_ACTION, requestId, {
      userId: PEOPLE.approver,
      channelId: 'C0APPROVALS',
      messageTs: message.ts,
    });
    await eventually(() => aws.home.findKey(keyId) === undefined, 10_000);

    const ranAs = (action: string) =>
      aws.iam
        .calls()
        .filter((call) => call.action === action)
        .map((call) => [call.accountId, call.sourceIdentity, call.roleSessionName]);
    expect(ranAs('CreateAccessKey')).toEqual([[HOME, PEOPLE.alice, `keywarden-${PEOPLE.alice}`]]);
    expect(ranAs('DeleteAccessKey')).toEqual([[HOME, PEOPLE.approver, `keywarden-${PEOPLE.approver}`]]);
    // No call in the home account was made with the bot's own credentials.
    expect(aws.iam.calls().filter((call) => call.sourceIdentity === undefined)).toEqual([]);
    const sessions = aws.sts
      .assumeRoleCalls()
      .slice(stsBefore)
      .filter((call) => call.roleArn === HOME_ROLE)
      .map((call) => [call.roleSessionName, call.sourceIdentity, call.status]);
    expect(sessions).toEqual(
      expect.arrayContaining([
        [`keywarden-${PEOPLE.alice}`, PEOPLE.alice, 200],
        [`keywarden-${PEOPLE.approver}`, PEOPLE.approver, 200],
      ]),
    );
  });
});

describe('an account without a role is named at start-up, with what CloudTrail shows there', () => {
  let aws: Accounts;
  let bot: Bot;

  beforeAll(async () => {
    aws = await startAccounts();
    bot = await startBot({
      iam: aws.iam,
      awsCredentials: BOT,
      stsUrl: aws.sts.url,
      policyYaml: `${POLICY_YAML}\n${threeAccountsYaml()}`,
    });
  });
  afterAll(async () => {
    await bot.stop();
    await aws.close();
  });

  it('warns once, naming home and saying its calls are recorded as the bot, whoever asked', () => {
    const warnings = bot.logs.filter((line) => line.includes('CloudTrail cannot tell people apart'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(JSON.stringify(noPersonInCloudTrailWarning(['home'])));
    expect(noPersonInCloudTrailWarning(['home'])).toMatch(
      /"home".*CreateAccessKey and DeleteAccessKey included.*Keywarden's own credentials.*infra\/keywarden-home-role\.cfn\.yml/,
    );
  });
});
