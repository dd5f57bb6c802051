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

describe('two replicas, one table: each owner is nudged once per scheduled run', () => {
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

  it('one DM per (run, owner), though both replicas fire for each run; carol, unowned, gets none', async () => {
    expect(EVERY_SECOND).toContain('notifyOwners: true');
    bots = await Promise.all(
      [1, 2].map(() => startBot({ iam, slack, dynamoEndpoint: dynamo.endpoint, policyYaml: EVERY_SECOND })),
    );
    const runs = () => new Set(sentNudges({ slack }).map((nudge) => nudge.run));
    const deadline = Date.now() + 15_000;
    while (runs().size < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await Promise.all(bots.map((bot) => bot.stop()));
    bots = [];

    const nudges = sentNudges({ slack });
    expect(runs().size).toBeGreaterThanOrEqual(3);
    const pairs = nudges.map((nudge) => `${nudge.run} ${nudge.owner}`);
    expect(pairs).toHaveLength(new Set(pairs).size);
    expect(new Set(nudges.map((nudge) => nudge.owner))).toEqual(new Set([PEOPLE.alice, PEOPLE.bob]));
    // A run that got as far as nudging DMed both owners.
    for (const run of runs()) {
      expect(nudges.filter((nudge) => nudge.run === run).length).toBeLessThanOrEqual(2);
    }
  });
});
