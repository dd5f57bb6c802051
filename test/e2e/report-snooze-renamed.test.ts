import { startSlackServer, type SlackServer, type StoredMessage } from '../../sandbox/slack';
import { SNOOZED_TITLE } from '../../src/features/reports/slack/stale-report';
import { DynamoNudgeLedger } from '../../src/features/reports/store/dynamo-nudge-ledger';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import {
  APP_TOKEN,
  BOT_TOKEN,
  PEOPLE,
  POLICY_YAML,
  SLACK_USERS,
  startBot,
  startSharedStore,
  type Bot,
} from '../support/bot';
import { FakeScheduler } from '../support/fakes';
import { snoozeFromNudge } from '../support/nudges';
import { postedReport } from '../support/stale-reports';
import {
  BOT,
  PROD,
  prodRenamedYaml,
  STAGING,
  startAccounts,
  threeAccountsYaml,
  type Accounts,
} from '../sandbox/sts/fixture';

/** The policy's report, nudging owners: bob's DM lists his keys in both accounts. */
const NUDGING = POLICY_YAML.replace(
  'maxUnusedDays: 30',
  'maxUnusedDays: 30\n    notifyOwners: true\n    escalateAfterRuns: 3',
);
const PROD_AND_STAGING = `${NUDGING}\n${threeAccountsYaml()}`;
/** The old prod account (111…) renamed `legacy`, and its name given to the staging account (222…). */
const RENAMED_AND_REUSED = `${NUDGING}\n${prodRenamedYaml()}`;

/**
 * A snooze is kept under its account's twelve digits: renamed, the account keeps it; its old name
 * given to another account, that account's key (same owner, same second) is not snoozed by it.
 * Each bot is one start of Keywarden over the same table and Slack, the policy changed between.
 */
describe('a snooze and a nudge count follow their account through a rename, never its name', () => {
  let aws: Accounts;
  let slack: SlackServer;
  let store: EmbeddedDynamo;
  const started: Bot[] = [];

  const schedulers = new Map<Bot, FakeScheduler>();
  const start = async (policyYaml: string) => {
    const scheduler = new FakeScheduler();
    const bot = await startBot({
      iam: aws.iam,
      slack,
      awsCredentials: BOT,
      stsUrl: aws.sts.url,
      dynamoEndpoint: store.endpoint,
      policyYaml,
      scheduler,
    });
    schedulers.set(bot, scheduler);
    started.push(bot);
    return bot;
  };
  const scheduledRun = (bot: Bot, at: string) =>
    schedulers.get(bot)?.fireCron('report 0 (C0SECOPS)', new Date(at));

  /** The report's "Snoozed" section: one line a key, as `owner` in account (id). */
  const snoozedLines = (report: StoredMessage): string[] => {
    const blocks = report.blocks as Array<{ text?: { text: string } }>;
    const section = blocks.find((block) => block.text?.text.includes(`*${SNOOZED_TITLE}*`))?.text?.text;
    return (section ?? '').split('\n').slice(1);
  };

  /** The stored nudge counts of the report, as "account id:runs" (the name where none was kept). */
  const storedCounts = async (bot: Bot) => {
    const ledger = new DynamoNudgeLedger(bot.keywarden.store.doc, bot.keywarden.store.tableName, (error) => {
      throw error;
    });
    return (await ledger.counts('0.C0SECOPS'))
      .map((count) => `${count.key.accountId ?? count.key.account}:${count.runs}`)
      .sort();
  };

  beforeAll(async () => {
    aws = await startAccounts();
    // bob in both accounts, each with a stale key made in the same second: only the account tells them apart.
    const created = new Date(Date.now() - 200 * 86_400_000);
    aws.prod.addUser('bob');
    aws.staging.addUser('bob');
    aws.prod.addKey('bob', { createDate: created });
    aws.staging.addKey('bob', { createDate: created });
    slack = await startSlackServer({ botToken: BOT_TOKEN, appToken: APP_TOKEN, users: SLACK_USERS });
    store = await startSharedStore();

    const first = await start(PROD_AND_STAGING);
    expect(await scheduledRun(first, '2026-11-30T09:00:00Z')).toBe('posted');
    await snoozeFromNudge(first, {
      userId: PEOPLE.bob,
      iamUser: 'bob',
      account: 'prod',
      days: 30,
      reason: 'the vendor rotates it next week',
    });
    expect(await first.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    const lines = snoozedLines(postedReport(first));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`\`bob\` in prod (${PROD})`);
    expect(await storedCounts(first)).toEqual([`${PROD}:1`, `${STAGING}:1`]);
    await first.stop();
    started.splice(0);
  });
  afterAll(async () => {
    for (const bot of started.splice(0)) await bot.stop();
    await store.close();
    await slack.close();
    await aws.close();
  });

  it('renamed legacy, the old prod account still has its snooze; the account now called prod has none', async () => {
    const bot = await start(RENAMED_AND_REUSED);

    expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');

    const lines = snoozedLines(postedReport(bot));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`\`bob\` in legacy (${PROD})`);
    expect(lines[0]).toContain('the vendor rotates it next week');
    expect(lines.join('\n')).not.toContain(STAGING);
  });

  it('the next scheduled run counts each key on from its own count, by account id, and starts none afresh', async () => {
    const bot = await start(RENAMED_AND_REUSED);

    expect(await scheduledRun(bot, '2026-12-07T09:00:00Z')).toBe('posted');

    expect(await storedCounts(bot)).toEqual([`${PROD}:2`, `${STAGING}:2`]);
  });
});
