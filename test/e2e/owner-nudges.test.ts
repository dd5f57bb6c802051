import { IamState } from '../../sandbox/iam';
import {
  NUDGE_DEACTIVATE_ACTION,
  NUDGE_ROTATE_ACTION,
  NUDGE_SNOOZE_ACTION,
  NUDGE_TITLE,
} from '../../src/slack/blocks/owner-nudge';
import { parseReportButtonValue } from '../../src/slack/blocks/report-button';
import {
  SNOOZE_CALLBACK_ID,
  SNOOZE_PERIOD_ACTION,
  SNOOZE_PERIOD_BLOCK,
  SNOOZE_REASON_ACTION,
  SNOOZE_REASON_BLOCK,
} from '../../src/slack/blocks/snooze-modal';
import { IGNORED_TITLE } from '../../src/slack/blocks/stale-report';
import { MORE_THAN_ONE_ACTIVE } from '../../src/slack/blocks/stale-texts';
import { NOT_ALLOWED } from '../../src/slack/blocks/texts';
import { SNOOZE_PERIOD_TOO_LONG, SNOOZE_REASON_MISSING } from '../../src/slack/parsing/snooze-submission';
import { DynamoSnoozeStore } from '../../src/store/dynamo-snooze-store';
import { PEOPLE, replyText, startBot, type Bot } from '../support/bot';
import { nudgeButton, nudgedUsers, sentNudges, type SentNudge } from '../support/nudges';
import { postedReport, reportedOwners } from '../support/stale-reports';
import { TestClock } from '../support/test-clock';

const NOW = new Date();
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

// The CIS defaults (90 and 45 days) are left to the config; owners are nudged, and escalated after 2 runs.
const POLICY = `
roles:
  admins: [U0ADMIN]
  approvers: [U0APPROVER]
selfService: true
identity:
  users: { U0ALICE: alice }
  serviceUsers: [ci-deploy]
  emailDomain: example.com
approvals:
  channel: C0APPROVALS
reports:
  - channel: C0SECOPS
    schedule: "0 9 * * MON"
    notifyOwners: true
    escalateAfterRuns: 2
`;

function account(): IamState {
  const state = new IamState();
  for (const user of ['alice', 'bob', 'ci-deploy', 'carol', 'erin']) state.addUser(user);
  // alice (mapped): one key, not rotated and unused.
  state.addKey('alice', {
    createDate: daysAgo(200),
    lastUsed: { date: daysAgo(100), serviceName: 's3', region: 'eu-west-1' },
  });
  // bob (bob@example.com): a key never used for 60 days, and a second active one in daily use.
  state.addKey('bob', { createDate: daysAgo(60) });
  state.addKey('bob', {
    createDate: daysAgo(5),
    lastUsed: { date: daysAgo(1), serviceName: 'sts', region: 'eu-west-1' },
  });
  // A service user and an unowned one (no carol@example.com in Slack): in the channel only.
  state.addKey('ci-deploy', {
    createDate: daysAgo(300),
    lastUsed: { date: daysAgo(1), serviceName: 's3', region: 'eu-west-1' },
  });
  state.addKey('carol', {
    createDate: daysAgo(300),
    lastUsed: { date: daysAgo(1), serviceName: 's3', region: 'eu-west-1' },
  });
  // erin: never used, but younger than maxUnusedDays: the grace of a new key, no finding.
  state.addKey('erin', { createDate: daysAgo(10) });
  return state;
}

const nudgesOf = (bot: Bot, owner: string) => sentNudges(bot).filter((nudge) => nudge.owner === owner);
const lastNudge = (bot: Bot, owner: string): SentNudge => {
  const nudge = nudgesOf(bot, owner).at(-1);
  if (!nudge) throw new Error(`no nudge to ${owner}`);
  return nudge;
};
const reportText = (bot: Bot) => JSON.stringify(postedReport(bot).blocks);

describe('owner nudges, end to end', () => {
  let bot: Bot;
  const clock = new TestClock();

  beforeAll(async () => {
    bot = await startBot({ iamState: account(), policyYaml: POLICY, clock });
  });
  afterAll(() => bot.stop());

  it('DMs each mapped owner once with their stale keys; service and unowned users only reach the channel', async () => {
    expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    const nudges = sentNudges(bot);
    expect(nudges.map((nudge) => nudge.owner).sort()).toEqual([PEOPLE.alice, PEOPLE.bob]);
    expect(nudgedUsers(lastNudge(bot, PEOPLE.alice))).toEqual(['alice']);
    expect(nudgedUsers(lastNudge(bot, PEOPLE.bob))).toEqual(['bob', 'bob']);

    const alice = JSON.stringify(lastNudge(bot, PEOPLE.alice).blocks);
    expect(alice).toContain(NUDGE_TITLE);
    expect(alice).toMatch(/Data as of \d\d:\d\d UTC, from IAM's credential report/);
    expect(alice).toContain('not rotated in 90 days · unused for 45 days or more');
    for (const action of [NUDGE_ROTATE_ACTION, NUDGE_DEACTIVATE_ACTION, NUDGE_SNOOZE_ACTION]) {
      expect(parseReportButtonValue(nudgeButton(lastNudge(bot, PEOPLE.alice), 'alice', action))).toEqual({
        owner: 'alice',
        account: 'default',
        createdAt: expect.any(Date),
        reportIndex: 0,
      });
    }
    const bob = JSON.stringify(lastNudge(bot, PEOPLE.bob).blocks);
    expect(bob).toContain(`unused for 45 days or more (never used) · ${MORE_THAN_ONE_ACTIVE}`);

    const channel = postedReport(bot);
    expect(reportedOwners(channel).sort()).toEqual(['alice', 'bob', 'bob', 'carol', 'ci-deploy']);
    expect(reportText(bot)).toMatch(/Data as of \d\d:\d\d UTC, from IAM's credential report/);
    expect(reportText(bot)).not.toContain(IGNORED_TITLE);
  });

  it('lists keys nudged two runs in a row under "Ignored", at the top, naming their owners', async () => {
    expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    expect(reportText(bot)).not.toContain(IGNORED_TITLE);
    expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    const blocks = postedReport(bot).blocks as Array<{ text?: { text: string } }>;
    const ignored = blocks[1]?.text?.text ?? '';
    expect(ignored).toContain(`*${IGNORED_TITLE}*: 3 keys`);
    expect(ignored).toContain(`\`alice\` in default · access key 1`);
    expect(ignored).toContain(`owner <@${PEOPLE.alice}> · nudged 2 runs in a row`);
    expect(ignored).toContain(`owner <@${PEOPLE.bob}>`);
    expect(ignored).not.toContain('carol');
    expect(nudgesOf(bot, PEOPLE.alice)).toHaveLength(3);
  });

  describe('Snooze, through the modal', () => {
    let dm: string;
    let value: string;
    const openSnooze = async (userId: string) => {
      const channelId = bot.slack.dmChannelOf(userId);
      const message = bot.slack
        .messages(channelId)
        .filter((m) => m.user === bot.slack.botUserId)
        .at(-1);
      await bot.driver.click(NUDGE_SNOOZE_ACTION, value, { userId, channelId, messageTs: message?.ts });
      for (let wait = 0; wait < 50 && bot.slack.openViews(userId).length === 0; wait++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const view = bot.slack.openViews(userId).at(-1);
      if (!view) throw new Error(`no modal open for ${userId}`);
      return view;
    };
    const dmAnswer = async (userId: string, count: number) => {
      const channelId = bot.slack.dmChannelOf(userId);
      const answers = () =>
        bot.slack.messages(channelId).filter((m) => m.user === bot.slack.botUserId && !m.ephemeralTo);
      for (let wait = 0; wait < 100 && answers().length < count; wait++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return answers().at(-1);
    };

    beforeAll(() => {
      dm = bot.slack.dmChannelOf(PEOPLE.alice);
      value = nudgeButton(lastNudge(bot, PEOPLE.alice), 'alice', NUDGE_SNOOZE_ACTION);
    });

    it("opens with the click's trigger_id and answers errors for a missing reason and more than 30 days", async () => {
      const view = await openSnooze(PEOPLE.alice);
      expect(view.callback_id).toBe(SNOOZE_CALLBACK_ID);
      const missing = await bot.driver.submitView(
        view.id,
        {
          [SNOOZE_REASON_BLOCK]: { [SNOOZE_REASON_ACTION]: '   ' },
          [SNOOZE_PERIOD_BLOCK]: { [SNOOZE_PERIOD_ACTION]: { type: 'number_input', value: '45' } },
        },
        { userId: PEOPLE.alice },
      );
      expect(missing.body).toEqual({
        response_action: 'errors',
        errors: {
          [SNOOZE_REASON_BLOCK]: SNOOZE_REASON_MISSING,
          [SNOOZE_PERIOD_BLOCK]: SNOOZE_PERIOD_TOO_LONG,
        },
      });
      // Slack leaves the form open with the errors shown.
      expect(bot.slack.openViews(PEOPLE.alice)).toHaveLength(1);
    });

    it('a valid submission closes the form, stores the snooze with who, when, until and why, and audits it', async () => {
      const before = bot.slack.messages(dm).filter((m) => !m.ephemeralTo).length;
      const view = bot.slack.openViews(PEOPLE.alice).at(-1);
      const reply = await bot.driver.submitView(
        view?.id ?? '',
        {
          [SNOOZE_REASON_BLOCK]: { [SNOOZE_REASON_ACTION]: 'waiting for the vendor to take the new key' },
          [SNOOZE_PERIOD_BLOCK]: { [SNOOZE_PERIOD_ACTION]: { type: 'number_input', value: '7' } },
        },
        { userId: PEOPLE.alice },
      );
      expect(reply.status).toBe(200);
      expect(reply.body).toBeUndefined();
      expect(bot.slack.openViews(PEOPLE.alice)).toHaveLength(0);
      const answer = await dmAnswer(PEOPLE.alice, before + 1);
      expect(answer?.text).toContain(':zzz: Snoozed until');

      const store = new DynamoSnoozeStore(bot.keywarden.store.doc, bot.keywarden.store.tableName, (error) => {
        throw error;
      });
      const [snooze, ...others] = await store.forAccount('default');
      expect(others).toEqual([]);
      expect(snooze).toMatchObject({
        by: PEOPLE.alice,
        reason: 'waiting for the vendor to take the new key',
      });
      expect(snooze!.until.getTime() - snooze!.at.getTime()).toBe(7 * 86_400_000);
      const audit = await bot.driver.command('audit alice', { userId: PEOPLE.admin });
      expect(replyText(await bot.driver.waitForResponse(audit.responseUrl, 10_000))).toContain('snooze');
    });

    it("bob cannot snooze alice's key, whatever the form says", async () => {
      const view = await openSnooze(PEOPLE.bob);
      const before = bot.slack
        .messages(bot.slack.dmChannelOf(PEOPLE.bob))
        .filter((m) => !m.ephemeralTo).length;
      await bot.driver.submitView(
        view.id,
        {
          [SNOOZE_REASON_BLOCK]: { [SNOOZE_REASON_ACTION]: 'not mine to snooze' },
          [SNOOZE_PERIOD_BLOCK]: { [SNOOZE_PERIOD_ACTION]: { type: 'number_input', value: '30' } },
        },
        { userId: PEOPLE.bob },
      );
      expect((await dmAnswer(PEOPLE.bob, before + 1))?.text).toContain(NOT_ALLOWED);
      const store = new DynamoSnoozeStore(bot.keywarden.store.doc, bot.keywarden.store.tableName, () => {});
      expect((await store.forAccount('default')).map((snooze) => snooze.by)).toEqual([PEOPLE.alice]);
    });

    it('the snoozed key leaves its owner\'s nudges and "Ignored"; the channel says who snoozed it, until when, and why', async () => {
      const alicesBefore = nudgesOf(bot, PEOPLE.alice).length;
      expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
      expect(nudgesOf(bot, PEOPLE.alice)).toHaveLength(alicesBefore);
      const text = reportText(bot);
      expect(text).toMatch(
        new RegExp(
          `snoozed by <@${PEOPLE.alice}> until \\d{4}-\\d\\d-\\d\\d: waiting for the vendor to take the new key`,
        ),
      );
      const ignored = (postedReport(bot).blocks as Array<{ text?: { text: string } }>)[1]?.text?.text ?? '';
      expect(ignored).toContain(`owner <@${PEOPLE.bob}>`);
      expect(ignored).not.toContain(`<@${PEOPLE.alice}>`);
    });

    it('once the snooze has ended, the key is back in the nudges, its count started again', async () => {
      clock.advanceHours(8 * 24);
      expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
      expect(nudgedUsers(lastNudge(bot, PEOPLE.alice))).toEqual(['alice']);
      expect(reportText(bot)).not.toContain('snoozed by');
      const ignored = (postedReport(bot).blocks as Array<{ text?: { text: string } }>)[1]?.text?.text ?? '';
      expect(ignored).not.toContain(`<@${PEOPLE.alice}>`);
    });
  });

  it("Deactivate in bob's DM turns off his own key, as /keys deactivate would, naming UserName", async () => {
    bot.iam.clearCalls();
    const nudge = lastNudge(bot, PEOPLE.bob);
    const value = nudgeButton(nudge, 'bob', NUDGE_DEACTIVATE_ACTION);
    const channelId = bot.slack.dmChannelOf(PEOPLE.bob);
    const reply = await bot.driver.click(NUDGE_DEACTIVATE_ACTION, value, { userId: PEOPLE.bob, channelId });
    expect(replyText(await bot.driver.waitForResponse(reply.responseUrl, 10_000))).toContain(
      'is now inactive',
    );
    expect(bot.iam.calls('UpdateAccessKey')).toEqual([
      expect.objectContaining({ params: expect.objectContaining({ UserName: 'bob', Status: 'Inactive' }) }),
    ]);
    // A stranger's click on the same button reaches no IAM mutation.
    const stranger = await bot.driver.click(NUDGE_ROTATE_ACTION, value, {
      userId: PEOPLE.stranger,
      channelId: bot.slack.dmChannelOf(PEOPLE.stranger),
    });
    expect(replyText(await bot.driver.waitForResponse(stranger.responseUrl, 10_000))).toContain(NOT_ALLOWED);
    expect(bot.iam.calls('CreateAccessKey')).toHaveLength(0);
  });

  it("Rotate in alice's DM starts a rotation of her key", async () => {
    bot.iam.clearCalls();
    const value = nudgeButton(lastNudge(bot, PEOPLE.alice), 'alice', NUDGE_ROTATE_ACTION);
    const reply = await bot.driver.click(NUDGE_ROTATE_ACTION, value, {
      userId: PEOPLE.alice,
      channelId: bot.slack.dmChannelOf(PEOPLE.alice),
    });
    expect(replyText(await bot.driver.waitForResponse(reply.responseUrl, 10_000))).toContain(
      'Rotation started',
    );
    expect(bot.iam.calls('CreateAccessKey')).toEqual([
      expect.objectContaining({ params: expect.objectContaining({ UserName: 'alice' }) }),
    ]);
  });
});

describe('owner nudges when Slack cannot say who owns a user', () => {
  let bot: Bot;
  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    state.addUser('bob');
    state.addKey('alice', { createDate: daysAgo(200) });
    state.addKey('bob', { createDate: daysAgo(200) });
    bot = await startBot({ iamState: state, policyYaml: POLICY });
  });
  afterAll(() => bot.stop());

  it('sends no DM for that user, logs it, and keeps the key in the channel report', async () => {
    bot.slack.failNext('users.lookupByEmail', { error: 'internal_error' });
    expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    expect(sentNudges(bot).map((nudge) => nudge.owner)).toEqual([PEOPLE.alice]);
    expect(reportedOwners(postedReport(bot)).sort()).toEqual(['alice', 'bob']);
    expect(bot.logs.some((line) => line.includes('"iamUser":"bob"') && line.includes('no DM'))).toBe(true);
  });
});
