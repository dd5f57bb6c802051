import { IamState, startIamServer, type IamServer } from '../../../../sandbox/iam';
import { startSlackServer, type SlackServer } from '../../../../sandbox/slack';
import type { EmbeddedDynamo } from '../../../../src/platform/store/embedded-dynamo';
import {
  APP_TOKEN,
  BOT_TOKEN,
  PEOPLE,
  POLICY_YAML,
  SLACK_USERS,
  startBot,
  startSharedStore,
  type Bot,
} from '../../../support/bot';
import { sentNudges } from '../../../support/nudges';

// Every second, so a test sees several scheduled runs; croner takes six fields as seconds first.
const EVERY_SECOND = POLICY_YAML.replace('schedule: "0 9 * * MON"', 'schedule: "* * * * * *"').replace(
  'maxUnusedDays: 30',
  'maxUnusedDays: 30\n    notifyOwners: true',
);

describe('two replicas, one table: each owner is nudged at most once a day, however many runs', () => {
  let iam: IamServer;
  let slack: SlackServer;
  let dynamo: EmbeddedDynamo;
  let bots: Bot[] = [];

  beforeAll(async () => {
    const state = new IamState();
    for (const user of ['alice', 'bob', 'carol']) {
      state.addUser(user);
      state.addKey(user, { createDate: new Date(Date.now() - 200 * 86_400_000) });
    }
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

  it('both replicas fire every second: each owner is DMed once in all; carol, unowned, never', async () => {
    expect(EVERY_SECOND).toContain('notifyOwners: true');
    bots = await Promise.all(
      [1, 2].map(() => startBot({ iam, slack, dynamoEndpoint: dynamo.endpoint, policyYaml: EVERY_SECOND })),
    );
    // Scheduled runs posted to the channel: the event waited for is the third of them.
    const posted = () =>
      slack.calls('chat.postMessage').filter((call) => call.ok && call.params.channel === 'C0SECOPS').length;
    const deadline = Date.now() + 15_000;
    while (posted() < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await Promise.all(bots.map((bot) => bot.stop()));
    bots = [];

    expect(posted()).toBeGreaterThanOrEqual(3);
    const nudges = sentNudges({ slack });
    expect(nudges.map((nudge) => nudge.owner).sort()).toEqual([PEOPLE.alice, PEOPLE.bob].sort());
  });
});
