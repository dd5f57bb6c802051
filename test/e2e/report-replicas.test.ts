import { IamState, startIamServer, type IamServer } from '../../sandbox/iam';
import { startSlackServer, type SlackServer } from '../../sandbox/slack';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import { REPORT_EVENT } from '../../src/features/reports/slack/slack-report-publisher';
import {
  BOT_TOKEN,
  APP_TOKEN,
  PEOPLE,
  POLICY_YAML,
  SLACK_USERS,
  startBot,
  type Bot,
  startSharedStore,
} from '../support/bot';

// Every second, so a test sees several scheduled runs; croner takes six fields as seconds first.
const EVERY_SECOND = POLICY_YAML.replace('schedule: "0 9 * * MON"', 'schedule: "* * * * * *"');

describe('two replicas, one table: each scheduled run is posted once', () => {
  let iam: IamServer;
  let slack: SlackServer;
  let dynamo: EmbeddedDynamo;
  let bots: Bot[] = [];

  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    state.addKey('alice', { createDate: new Date(Date.now() - 200 * 86_400_000) });
    iam = await startIamServer({ state });
    slack = await startSlackServer({
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      users: SLACK_USERS,
      usergroups: { S0APPROVERS: [PEOPLE.approver2] },
    });
    dynamo = await startSharedStore();
  });
  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.stop()));
    await slack.close();
    await iam.close();
    await dynamo.close();
  });

  it('posts every scheduled time exactly once, though both replicas fire for each', async () => {
    const startedAt = Date.now();
    bots = await Promise.all(
      [1, 2].map(() => startBot({ iam, slack, dynamoEndpoint: dynamo.endpoint, policyYaml: EVERY_SECOND })),
    );
    const scheduledPosts = () =>
      slack
        .calls('chat.postMessage')
        .filter(
          (call) => call.ok && (call.params.metadata as { event_type?: string })?.event_type === REPORT_EVENT,
        )
        .map(
          (call) =>
            (call.params.metadata as { event_payload: { scheduled_at: string } }).event_payload.scheduled_at,
        );
    const deadline = Date.now() + 15_000;
    while (new Set(scheduledPosts()).size < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await Promise.all(bots.map((bot) => bot.stop()));
    const standDowns = bots
      .flatMap((bot) => bot.logs)
      .filter((line) => line.includes('claimed by another replica'));
    bots = [];

    expect(standDowns.length).toBeGreaterThan(0);
    const posted = scheduledPosts();
    expect(new Set(posted).size).toBeGreaterThanOrEqual(3);
    expect(posted).toHaveLength(new Set(posted).size);
    // Runs start after the replicas do: nothing before them is replayed.
    for (const at of posted) expect(new Date(at).getTime()).toBeGreaterThan(startedAt);
  });
});
