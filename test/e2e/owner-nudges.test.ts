import { IamState } from '../../sandbox/iam';
import {
  NUDGE_DEACTIVATE_ACTION,
  NUDGE_ROTATE_ACTION,
  NUDGE_SNOOZE_ACTION,
  NUDGE_TITLE,
} from '../../src/features/reports/slack/owner-nudge';
import { parseReportButtonValue } from '../../src/features/reports/slack/report-button';
import {
  SNOOZE_CALLBACK_ID,
  SNOOZE_PERIOD_ACTION,
  SNOOZE_PERIOD_BLOCK,
  SNOOZE_REASON_ACTION,
  SNOOZE_REASON_BLOCK,
} from '../../src/features/reports/slack/snooze-modal';
import { IGNORED_TITLE, SNOOZED_TITLE } from '../../src/features/reports/slack/stale-report';
import { KEY_IDS_NOT_FOUND, MORE_THAN_ONE_ACTIVE } from '../../src/features/reports/slack/stale-texts';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import {
  SNOOZE_PERIOD_TOO_LONG,
  SNOOZE_REASON_MISSING,
} from '../../src/features/reports/slack/parse-snooze-submission';
import { DynamoNudgeLedger } from '../../src/features/reports/store/dynamo-nudge-ledger';
import { DynamoSnoozeStore } from '../../src/features/reports/store/dynamo-snooze-store';
import { parseSnoozeButtonValue } from '../../src/features/reports/slack/snooze-button';
import { eventually } from '../support/approvals';
import { PEOPLE, replyText, startBot, type Bot } from '../support/bot';
import { FakeScheduler } from '../support/fakes';
import { nudgeButton, nudgedUsers, sentNudges, snoozeFromNudge, type SentNudge } from '../support/nudges';
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

/** The key ids IAM gave each user's keys, oldest first. */
const KEY_IDS: Record<string, string[]> = {};

/** IAM on the test's clock, so a credential report is made afresh once four hours have passed on it. */
function account(clock: TestClock): IamState {
  const state = new IamState({ now: () => clock.now() });
  const addKey = state.addKey.bind(state);
  state.addKey = (user, key) => {
    const added = addKey(user, key);
    (KEY_IDS[user] ??= []).push(added.accessKeyId);
    return added;
  };
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

const REPORT = '0.C0SECOPS';

/** A run of the first entry as its schedule starts it, named by the test clock's time. */
const scheduledRun = (scheduler: FakeScheduler, clock: TestClock) =>
  scheduler.fireCron('report 0 (C0SECOPS)', clock.now());

/** The stored nudge counts of the first entry, as "user:runs", one a key, sorted. */
async function storedCounts(bot: Bot): Promise<string[]> {
  const ledger = new DynamoNudgeLedger(bot.keywarden.store.doc, bot.keywarden.store.tableName, (error) => {
    throw error;
  });
  const counts = await ledger.counts(REPORT);
  return counts.map((count) => `${count.key.owner}:${count.runs}`).sort();
}

/** ListAccessKeys calls by the user they named. */
const listingsByUser = (bot: Bot) => {
  const byUser: Record<string, number> = {};
  for (const call of bot.iam.calls('ListAccessKeys')) {
    const user = call.params.UserName ?? '?';
    byUser[user] = (byUser[user] ?? 0) + 1;
  }
  return byUser;
};

const until = async (condition: () => boolean, what: string) => {
  await eventually(condition).catch(() => {
    throw new Error(`waited in vain for ${what}`);
  });
};

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
  const scheduler = new FakeScheduler();
  const run = () => scheduledRun(scheduler, clock);

  beforeAll(async () => {
    bot = await startBot({ iamState: account(clock), policyYaml: POLICY, clock, scheduler });
  });
  afterAll(() => bot.stop());

  it('DMs each mapped owner once with their stale keys; service and unowned users only reach the channel', async () => {
    bot.iam.clearCalls();
    expect(await run()).toBe('posted');
    const nudges = sentNudges(bot);
    expect(nudges.map((nudge) => nudge.owner).sort()).toEqual([PEOPLE.alice, PEOPLE.bob]);
    expect(nudgedUsers(lastNudge(bot, PEOPLE.alice))).toEqual(['alice']);
    expect(nudgedUsers(lastNudge(bot, PEOPLE.bob))).toEqual(['bob', 'bob']);

    const alice = JSON.stringify(lastNudge(bot, PEOPLE.alice).blocks);
    expect(alice).toContain(NUDGE_TITLE);
    expect(alice).toMatch(/Data as of \d\d:\d\d UTC, from IAM's credential report/);
    expect(alice).toContain(
      'not rotated in 90 days or less (CIS 1.14) · credentials unused for 45 days or more (CIS 1.12)',
    );
    // Snooze's value carries the key id besides, for its modal to name the key.
    const parse = (action: string, value: string) =>
      action === NUDGE_SNOOZE_ACTION ? parseSnoozeButtonValue(value)?.key : parseReportButtonValue(value);
    for (const action of [NUDGE_ROTATE_ACTION, NUDGE_DEACTIVATE_ACTION, NUDGE_SNOOZE_ACTION]) {
      expect(parse(action, nudgeButton(lastNudge(bot, PEOPLE.alice), 'alice', action))).toEqual({
        owner: 'alice',
        account: 'default',
        createdAt: expect.any(Date),
        reportIndex: 0,
      });
    }
    const bob = JSON.stringify(lastNudge(bot, PEOPLE.bob).blocks);
    expect(bob).toContain(`unused for 45 days or more, never used (CIS 1.12) · ${MORE_THAN_ONE_ACTIVE}`);

    const channel = postedReport(bot);
    expect(reportedOwners(channel).sort()).toEqual(['alice', 'bob', 'bob', 'carol', 'ci-deploy']);
    expect(reportText(bot)).toMatch(/Data as of \d\d:\d\d UTC, from IAM's credential report/);
    expect(reportText(bot)).not.toContain(IGNORED_TITLE);
  });

  it('names each key by the id the owner has in their configuration, in the DMs and on the rows with buttons', () => {
    // The credential report has no key ids: each one was found with ListAccessKeys and the creation time.
    const alice = JSON.stringify(lastNudge(bot, PEOPLE.alice).blocks);
    expect(alice).toContain(`\`${KEY_IDS.alice?.[0]}\``);
    expect(alice).not.toContain('access key 1');
    const bob = JSON.stringify(lastNudge(bot, PEOPLE.bob).blocks);
    for (const keyId of KEY_IDS.bob ?? []) expect(bob).toContain(`\`${keyId}\``);
    const channel = reportText(bot);
    for (const user of ['alice', 'bob', 'carol', 'ci-deploy']) {
      for (const keyId of KEY_IDS[user] ?? []) expect(channel).toContain(`\`${keyId}\``);
    }
    expect(channel).not.toMatch(/access key [12]/);
    expect(channel).not.toContain(KEY_IDS_NOT_FOUND);
    // One listing per user named, nudged or shown: none for erin, whose key is not stale.
    expect(listingsByUser(bot)).toEqual({ alice: 1, bob: 1, carol: 1, 'ci-deploy': 1 });
  });

  it('a run started by hand (Run now) DMs nobody, counts nothing and escalates nothing', async () => {
    const counted = await storedCounts(bot);
    expect(counted).toEqual(['alice:1', 'bob:1', 'bob:1']);
    const dms = sentNudges(bot).length;
    for (let i = 0; i < 3; i++) expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    expect(sentNudges(bot).length).toBe(dms);
    expect(await storedCounts(bot)).toEqual(counted);
    expect(reportText(bot)).not.toContain(IGNORED_TITLE);
  });

  it('lists keys still stale two scheduled runs after their first nudge under "Ignored", at the top, naming their owners', async () => {
    expect(await run()).toBe('posted');
    expect(reportText(bot)).not.toContain(IGNORED_TITLE);
    expect(await run()).toBe('posted');
    const blocks = postedReport(bot).blocks as Array<{ text?: { text: string } }>;
    const ignored = blocks[1]?.text?.text ?? '';
    expect(ignored).toContain(`*${IGNORED_TITLE}*: 3 keys`);
    expect(ignored).toContain(`\`alice\` in default · \`${KEY_IDS.alice?.[0]}\``);
    expect(ignored).toContain(`owner <@${PEOPLE.alice}> · first nudged`);
    expect(ignored).toContain('still stale 2 scheduled runs later');
    expect(ignored).toContain(`owner <@${PEOPLE.bob}>`);
    expect(ignored).not.toContain('carol');
    expect(await storedCounts(bot)).toEqual(['alice:3', 'bob:3', 'bob:3']);
    // A run by hand shows what the last scheduled run found, and counts nothing.
    expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    expect((postedReport(bot).blocks as Array<{ text?: { text: string } }>)[1]?.text?.text).toBe(ignored);
    expect(await storedCounts(bot)).toEqual(['alice:3', 'bob:3', 'bob:3']);
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
      await until(() => bot.slack.openViews(userId).length > 0, `a modal open for ${userId}`);
      const view = bot.slack.openViews(userId).at(-1);
      if (!view) throw new Error(`no modal open for ${userId}`);
      return view;
    };
    const dmAnswer = async (userId: string, count: number) => {
      const channelId = bot.slack.dmChannelOf(userId);
      const answers = () =>
        bot.slack.messages(channelId).filter((m) => m.user === bot.slack.botUserId && !m.ephemeralTo);
      await until(() => answers().length >= count, `answer ${count} in the DM of ${userId}`);
      return answers().at(-1);
    };

    beforeAll(() => {
      dm = bot.slack.dmChannelOf(PEOPLE.alice);
      value = nudgeButton(lastNudge(bot, PEOPLE.alice), 'alice', NUDGE_SNOOZE_ACTION);
    });

    it("opens with the click's trigger_id and answers errors for a missing reason and more than 30 days", async () => {
      const view = await openSnooze(PEOPLE.alice);
      expect(view.callback_id).toBe(SNOOZE_CALLBACK_ID);
      // The modal names the key by the id the nudge showed.
      const keyId = parseSnoozeButtonValue(value)?.keyId;
      expect(keyId).toMatch(/^AKIA/);
      expect(JSON.stringify(view.blocks)).toContain(`The access key \`${keyId}\` of \`alice\``);
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
      const [snooze, ...others] = await store.forAccount({ name: 'default' });
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
      expect((await store.forAccount({ name: 'default' })).map((snooze) => snooze.by)).toEqual([
        PEOPLE.alice,
      ]);
    });

    it('the snoozed key leaves its owner\'s nudges but not "Ignored"; the channel says who snoozed it, until when, and why', async () => {
      const alicesBefore = nudgesOf(bot, PEOPLE.alice).length;
      expect(await run()).toBe('posted');
      expect(nudgesOf(bot, PEOPLE.alice)).toHaveLength(alicesBefore);
      const snoozed = new RegExp(
        `snoozed by <@${PEOPLE.alice}> until \\d{4}-\\d\\d-\\d\\d: waiting for the vendor to take the new key`,
      );
      const blocks = postedReport(bot).blocks as Array<{ text?: { text: string } }>;
      const snoozedSection = blocks.find((block) => block.text?.text.includes(`*${SNOOZED_TITLE}*`))?.text
        ?.text;
      expect(snoozedSection).toContain(`*${SNOOZED_TITLE}*: 1 key`);
      expect(snoozedSection).toContain(`\`alice\` in default · \`${KEY_IDS.alice?.[0]}\``);
      expect(snoozedSection).toMatch(snoozed);
      // Snoozing pauses the DMs, not the count: only a fix starts it again.
      const ignored = blocks[1]?.text?.text ?? '';
      expect(ignored).toContain(`owner <@${PEOPLE.bob}>`);
      expect(ignored).toMatch(
        new RegExp(
          `owner <@${PEOPLE.alice}> · first nudged [-\\d]+, still stale 3 scheduled runs later · :zzz: snoozed until`,
        ),
      );
      expect(await storedCounts(bot)).toEqual(['alice:4', 'bob:4', 'bob:4']);
    });

    it('once the snooze has ended, the key is back in the nudges, its count carried on, the snooze still told', async () => {
      clock.advanceHours(8 * 24);
      expect(await run()).toBe('posted');
      expect(nudgedUsers(lastNudge(bot, PEOPLE.alice))).toEqual(['alice']);
      const blocks = postedReport(bot).blocks as Array<{ text?: { text: string } }>;
      const snoozedSection = blocks.find((block) => block.text?.text.includes(`*${SNOOZED_TITLE}*`))?.text
        ?.text;
      expect(snoozedSection).toMatch(/until \d{4}-\d\d-\d\d \(ended\): waiting for the vendor/);
      const ignored = blocks[1]?.text?.text ?? '';
      expect(ignored).toContain(`owner <@${PEOPLE.alice}> · first nudged`);
      expect(ignored).toContain('still stale 4 scheduled runs later');
    });
  });

  it("Deactivate in bob's DM turns off his own key, as /keys deactivate would, naming UserName", async () => {
    bot.iam.clearCalls();
    const nudge = lastNudge(bot, PEOPLE.bob);
    const value = nudgeButton(nudge, 'bob', NUDGE_DEACTIVATE_ACTION);
    const channelId = bot.slack.dmChannelOf(PEOPLE.bob);
    const dm = () =>
      bot.slack.messages(channelId).filter((message) => JSON.stringify(message.blocks).includes('nudge:'));
    const messageTs = dm().at(-1)?.ts as string;
    const reply = await bot.driver.click(NUDGE_DEACTIVATE_ACTION, value, {
      userId: PEOPLE.bob,
      channelId,
      messageTs,
    });
    expect(replyText(await bot.driver.waitForResponse(reply.responseUrl, 10_000))).toContain(
      'is now inactive',
    );
    // The DM shows what was done about that key, in place of its buttons.
    const updated = () =>
      JSON.stringify(bot.slack.messages(channelId).find((m) => m.ts === messageTs)?.blocks);
    await eventually(() => updated().includes(`Deactivated by <@${PEOPLE.bob}>`));
    expect(updated()).not.toContain(JSON.stringify(value).slice(1, -1));
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

  it("only a fix starts a key's count again: bob's keys, no longer stale, leave the counts", async () => {
    // IAM's credential report is made afresh after four hours: the deactivation shows then.
    clock.advanceHours(5);
    expect(await run()).toBe('posted');
    expect(await storedCounts(bot)).toEqual(['alice:6']);
    expect(reportedOwners(postedReport(bot))).not.toContain('bob');
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

describe('escalation and short snoozes', () => {
  let bot: Bot;
  const clock = new TestClock();
  const scheduler = new FakeScheduler();
  const run = () => scheduledRun(scheduler, clock);
  const WEEK_HOURS = 7 * 24;
  const ignoredOf = () => {
    const blocks = postedReport(bot).blocks as Array<{ text?: { text: string } }>;
    return blocks.find((block) => block.text?.text.includes(`*${IGNORED_TITLE}*`))?.text?.text;
  };
  const snoozedOf = () => {
    const blocks = postedReport(bot).blocks as Array<{ text?: { text: string } }>;
    return blocks.find((block) => block.text?.text.includes(`*${SNOOZED_TITLE}*`))?.text?.text;
  };

  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    state.addKey('alice', { createDate: daysAgo(200) });
    bot = await startBot({ iamState: state, policyYaml: POLICY, clock, scheduler });
  });
  afterAll(() => bot.stop());

  it('a key snoozed for a day after every weekly nudge is escalated after two scheduled runs, its snoozes shown', async () => {
    expect(await run()).toBe('posted');
    await snoozeFromNudge(bot, { userId: PEOPLE.alice, iamUser: 'alice', days: 1, reason: 'next sprint' });

    // A run by hand in between: the snooze is in the channel, and no count moves.
    const counted = await storedCounts(bot);
    expect(counted).toEqual(['alice:1']);
    expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    expect(snoozedOf()).toMatch(
      new RegExp(
        `1 key[^]*\`alice\`[^]*snoozed by <@${PEOPLE.alice}> until \\d{4}-\\d\\d-\\d\\d: next sprint`,
      ),
    );
    expect(await storedCounts(bot)).toEqual(counted);

    clock.advanceHours(WEEK_HOURS);
    expect(await run()).toBe('posted');
    expect(ignoredOf()).toBeUndefined();
    await snoozeFromNudge(bot, {
      userId: PEOPLE.alice,
      iamUser: 'alice',
      days: 1,
      reason: 'next sprint, really',
    });

    clock.advanceHours(WEEK_HOURS);
    const dms = sentNudges(bot).length;
    expect(await run()).toBe('posted');
    expect(sentNudges(bot)).toHaveLength(dms + 1);
    expect(ignoredOf()).toContain(`owner <@${PEOPLE.alice}> · first nudged`);
    expect(ignoredOf()).toContain('still stale 2 scheduled runs later');
    // The day-long snooze ended days ago; the channel still hears of it.
    expect(snoozedOf()).toMatch(/until \d{4}-\d\d-\d\d \(ended\): next sprint, really/);
    expect(await storedCounts(bot)).toEqual(['alice:3']);
  });
});

describe('owner nudges when IAM will not list the keys of a nudged user', () => {
  let bot: Bot;
  const scheduler = new FakeScheduler();
  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    state.addKey('alice', { createDate: daysAgo(200) });
    bot = await startBot({ iamState: state, policyYaml: POLICY, scheduler });
  });
  afterAll(() => bot.stop());

  it('names the key by slot and creation date, says so, and still sends the DM and the report', async () => {
    bot.iam.injectFault({ action: 'ListAccessKeys', code: 'AccessDenied', times: 10 });
    expect(await scheduler.fireCron('report 0 (C0SECOPS)', new Date())).toBe('posted');
    const nudge = JSON.stringify(sentNudges(bot).at(-1)?.blocks);
    expect(nudge).toContain('access key 1 · created');
    expect(nudge).toContain(KEY_IDS_NOT_FOUND);
    expect(reportText(bot)).toContain('*access key 1* of <@U0ALICE> (`alice`) · created');
    expect(reportText(bot)).toContain(KEY_IDS_NOT_FOUND);
    expect(bot.logs.some((line) => line.includes('key ids could not be listed'))).toBe(true);
  });
});

describe('owner nudges when Slack cannot say who owns a user', () => {
  let bot: Bot;
  const scheduler = new FakeScheduler();
  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    state.addUser('bob');
    state.addKey('alice', { createDate: daysAgo(200) });
    state.addKey('bob', { createDate: daysAgo(200) });
    bot = await startBot({ iamState: state, policyYaml: POLICY, scheduler });
  });
  afterAll(() => bot.stop());

  it('sends no DM for that user, logs it, and keeps the key in the channel report', async () => {
    bot.slack.failNext('users.lookupByEmail', { error: 'internal_error' });
    expect(await scheduler.fireCron('report 0 (C0SECOPS)', new Date())).toBe('posted');
    expect(sentNudges(bot).map((nudge) => nudge.owner)).toEqual([PEOPLE.alice]);
    expect(reportedOwners(postedReport(bot)).sort()).toEqual(['alice', 'bob']);
    expect(bot.logs.some((line) => line.includes('"iamUser":"bob"') && line.includes('no DM'))).toBe(true);
  });
});
