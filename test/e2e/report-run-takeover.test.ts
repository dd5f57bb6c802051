import { startSlackServer, type SlackServer } from '../../sandbox/slack';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import { REPORT_EVENT } from '../../src/features/reports/slack/slack-report-publisher';
import type { RunResult } from '../../src/features/reports';
import { eventually } from '../support/approvals';
import {
  APP_TOKEN,
  BOT_TOKEN,
  POLICY_YAML,
  SLACK_USERS,
  startBot,
  startSharedStore,
  type Bot,
} from '../support/bot';
import { FakeScheduler } from '../support/fakes/fake-scheduler';
import {
  BOT,
  HOME,
  PROD,
  STAGING,
  startAccounts,
  threeAccountsYaml,
  type Accounts,
} from '../sandbox/sts/fixture';

const REPORT_JOB = 'report 0 (C0SECOPS)';
const TAKE_OVER_JOB = 'report sweep';
const SCHEDULED_AT = new Date('2026-12-07T09:00:00Z');
// One account at a time, so "stopped after two accounts" is exact.
const POLICY = `${POLICY_YAML}
${threeAccountsYaml()}
scanning: { maxConcurrentAccounts: 1 }
`;

describe('a scheduled report its replica did not finish is finished by another', () => {
  let aws: Accounts;
  let slack: SlackServer;
  let dynamo: EmbeddedDynamo;
  const bots: Bot[] = [];

  beforeAll(async () => {
    aws = await startAccounts();
    const longAgo = new Date(Date.now() - 200 * 86_400_000);
    for (const [state, owner] of [
      [aws.home, 'hana'],
      [aws.prod, 'piet'],
      [aws.staging, 'sven'],
    ] as const) {
      state.addUser(owner);
      state.addKey(owner, { createDate: longAgo });
    }
    slack = await startSlackServer({ botToken: BOT_TOKEN, appToken: APP_TOKEN, users: SLACK_USERS });
    dynamo = await startSharedStore();
  });
  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.stop()));
    await slack.close();
    await aws.close();
    await dynamo.close();
  });

  async function replica(scheduler: FakeScheduler): Promise<Bot> {
    const bot = await startBot({
      iam: aws.iam,
      slack,
      awsCredentials: BOT,
      stsUrl: aws.sts.url,
      policyYaml: POLICY,
      dynamoEndpoint: dynamo.endpoint,
      scheduler,
      reportRunLeaseMs: 1_500,
    });
    bots.push(bot);
    return bot;
  }

  const reportPosts = () =>
    slack
      .calls('chat.postMessage')
      .filter(
        (call) => call.ok && (call.params.metadata as { event_type?: string })?.event_type === REPORT_EVENT,
      );

  it('one post, each account scanned once in that run: the second replica reads what the first kept', async () => {
    const schedulerA = new FakeScheduler();
    const schedulerB = new FakeScheduler();
    const first = await replica(schedulerA);
    await replica(schedulerB);
    aws.iam.clearCalls();
    // A deploy reaches the first replica once it has read two accounts' reports: it stops starting more.
    let reportsRead = 0;
    const off = aws.iam.onCall((call) => {
      if (call.action !== 'GetCredentialReport' || call.status !== 200) return;
      if (++reportsRead === 2) first.keywarden.reports.stop();
    });

    const ranFirst = schedulerA.fireCron(REPORT_JOB, SCHEDULED_AT) as Promise<RunResult>;
    await eventually(() => reportsRead >= 1, 10_000);
    // The second replica fires for the same run while the first holds it.
    expect(await schedulerB.fireCron(REPORT_JOB, SCHEDULED_AT)).toBe('claimed-elsewhere');
    expect(await ranFirst).toBe('stopped');
    off();
    expect(reportPosts()).toHaveLength(0);
    // Not before the lease has run out; then the second replica takes the run over and posts it.
    expect(await schedulerB.tick(TAKE_OVER_JOB)).toEqual([]);
    let results: unknown = [];
    await eventually(async () => {
      results = await schedulerB.tick(TAKE_OVER_JOB);
      return Array.isArray(results) && results.length > 0;
    }, 10_000);
    expect(results).toEqual(['posted']);

    const posts = reportPosts();
    expect(posts).toHaveLength(1);
    expect(
      (posts[0]?.params.metadata as { event_payload: { scheduled_at: string } }).event_payload.scheduled_at,
    ).toBe(SCHEDULED_AT.toISOString());
    // Every account's stale key is in the one post: two from the first replica's scans, one from the second's.
    const text = JSON.stringify(posts[0]?.params.blocks);
    for (const owner of ['hana', 'piet', 'sven']) expect(text).toContain(owner);
    expect(text).not.toContain('could not be reached');
    const reads = aws.iam
      .calls('GetCredentialReport')
      .filter((call) => call.status === 200)
      .map((call) => call.accountId);
    expect(reads.sort()).toEqual([HOME, PROD, STAGING].sort());
    // Posted runs are not taken over again, by either replica.
    expect(await schedulerB.tick(TAKE_OVER_JOB)).toEqual([]);
    expect(await schedulerA.tick(TAKE_OVER_JOB)).toEqual([]);
    expect(reportPosts()).toHaveLength(1);
  });
});
