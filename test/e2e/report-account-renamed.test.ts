import { startSlackServer, type SlackServer } from '../../sandbox/slack';
import { STALE_LINE_MENU_ACTION } from '../../src/features/reports/slack/report-line-menu';
import { STALE_DEACTIVATE_ACTION } from '../../src/features/reports/slack/report-button';
import { accountRenamedText } from '../../src/features/reports/slack/stale-texts';
import { DynamoAuditLog } from '../../src/features/audit/store/dynamo-audit-log';
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
import { reportButton, postedReport } from '../support/stale-reports';
import type { StoredMessage } from '../../sandbox/slack';
import {
  BOT,
  PROD,
  prodRenamedYaml,
  STAGING,
  STAGING_ROLE,
  startAccounts,
  threeAccountsYaml,
  type Accounts,
} from '../sandbox/sts/fixture';

/**
 * A report line names its account by name and, now, by its twelve digits. Each bot here is one start
 * of Keywarden over the same table and Slack: the report is posted by the first; the policy then
 * changes, and its line is clicked at the next start.
 */
const PROD_AND_STAGING = `${POLICY_YAML}\n${threeAccountsYaml()}`;
/** `prod` now names the staging account (222…); the old prod account (111…) is no longer managed. */
const NAME_REUSED = `${POLICY_YAML}\naccounts:\n  - name: home\n  - name: prod\n    roleArn: ${STAGING_ROLE}\n`;
/** The same, with the old prod account still managed, renamed `legacy`: found by its id. */
const NAME_REUSED_OLD_RENAMED = `${POLICY_YAML}\n${prodRenamedYaml()}`;

describe("a report line's account, named by its id too", () => {
  let aws: Accounts;
  let slack: SlackServer;
  let store: EmbeddedDynamo;
  let report: StoredMessage;
  let keys: { prod: string; staging: string };
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

  /** The admin picks Deactivate on bob's prod line of the first report, at this start. */
  const deactivateProdLine = async (bot: Bot) => {
    const picked = await bot.driver.pick(
      STALE_LINE_MENU_ACTION,
      reportButton(report, 'bob', STALE_DEACTIVATE_ACTION),
      { userId: PEOPLE.admin, channelId: 'C0SECOPS', messageTs: report.ts },
    );
    return replyText(await bot.driver.waitForResponse(picked.responseUrl, 10_000));
  };

  beforeAll(async () => {
    aws = await startAccounts();
    // bob in both accounts, each with a stale key made in the same second: only the account tells them apart.
    const created = new Date(Date.now() - 200 * 86_400_000);
    aws.prod.addUser('bob');
    aws.staging.addUser('bob');
    keys = {
      prod: aws.prod.addKey('bob', { createDate: created }).accessKeyId,
      staging: aws.staging.addKey('bob', { createDate: created }).accessKeyId,
    };
    slack = await startSlackServer({
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      users: SLACK_USERS,
      usergroups: { S0APPROVERS: [PEOPLE.approver2] },
    });
    store = await startSharedStore();
    const first = await start(PROD_AND_STAGING);
    expect(await first.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    report = postedReport(first);
    // The prod line comes first (policy order), and its menu carries prod's twelve digits.
    expect(reportButton(report, 'bob', STALE_DEACTIVATE_ACTION)).toContain(`|prod|${PROD}|`);
  });
  afterEach(async () => {
    for (const bot of started.splice(0)) await bot.stop();
  });
  afterAll(async () => {
    for (const bot of started.splice(0)) await bot.stop();
    await store.close();
    await slack.close();
    await aws.close();
  });

  it('the name now means another account: refused, saying so, and no key touched in either', async () => {
    const bot = await start(NAME_REUSED);
    aws.iam.clearCalls();
    const answer = await deactivateProdLine(bot);
    expect(answer).toContain(JSON.stringify(accountRenamedText('prod', PROD, STAGING)).slice(1, -1));
    expect(aws.iam.calls('ListAccessKeys')).toHaveLength(0);
    expect(aws.iam.calls('UpdateAccessKey')).toHaveLength(0);
    expect(aws.staging.findKey(keys.staging)?.status).toBe('Active');
    expect(aws.prod.findKey(keys.prod)?.status).toBe('Active');
    const trail = new DynamoAuditLog(bot.keywarden.store.doc, bot.keywarden.store.tableName, {
      now: () => new Date(),
    });
    const [refusal] = (await trail.recent({ limit: 5 })).filter((event) => event.action === 'report');
    expect(refusal).toMatchObject({ outcome: 'refused', actor: PEOPLE.admin, owner: 'bob' });
    expect(refusal?.detail).toContain('account-name-reused');
  });

  it('the old account renamed, its name given to another: the old account (by its id) acts, never the other', async () => {
    const bot = await start(NAME_REUSED_OLD_RENAMED);
    aws.iam.clearCalls();
    expect(await deactivateProdLine(bot)).toContain('is now inactive');
    expect(aws.iam.calls('UpdateAccessKey').map((call) => call.accountId)).toEqual([PROD]);
    expect(aws.prod.findKey(keys.prod)?.status).toBe('Inactive');
    expect(aws.staging.findKey(keys.staging)?.status).toBe('Active');
  });
});
