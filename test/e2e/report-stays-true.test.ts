import { IamState } from '../../sandbox/iam';
import { APPROVE_ACTION } from '../../src/features/approvals/slack/approval-request';
import {
  STALE_DEACTIVATE_ACTION,
  STALE_NUDGE_OWNER_ACTION,
  STALE_REQUEST_DELETION_ACTION,
} from '../../src/features/reports/slack/report-button';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import { STALE_LINE_MENU_ACTION } from '../../src/features/reports/slack/report-line-menu';
import { PEOPLE, POLICY_YAML, replyText, startBot, type Bot } from '../support/bot';
import { BOT, startAccounts, threeAccountsYaml, type Accounts } from '../sandbox/sts/fixture';
import { approvalMessageFor, eventually } from '../support/approvals';
import { openHome, viewText } from '../support/home';
import { postedReport, reportButton, reportLines } from '../support/stale-reports';

const NOW = new Date();
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

/** Four stale keys: alice's and bob's are handled through the bot, carol's behind its back, dave's asked for. */
function account() {
  const state = new IamState();
  const keys: Record<string, string> = {};
  for (const user of ['alice', 'bob', 'carol', 'dave']) {
    state.addUser(user);
    keys[user] = state.addKey(user, { createDate: daysAgo(200) }).accessKeyId;
  }
  return { state, keys };
}

describe('a report right after a cleanup stays true (issue 26, items 1 and 12)', () => {
  let bot: Bot;
  let keys: Record<string, string>;

  const pick = async (value: string, userId: string, messageTs: string) => {
    const reply = await bot.driver.pick(STALE_LINE_MENU_ACTION, value, {
      userId,
      channelId: 'C0SECOPS',
      messageTs,
    });
    return replyText(await bot.driver.waitForResponse(reply.responseUrl, 10_000));
  };
  const line = (owner: string) => {
    const [found] = reportLines(postedReport(bot), owner);
    if (!found) throw new Error(`no line for ${owner}`);
    return found;
  };

  beforeAll(async () => {
    const seeded = account();
    keys = seeded.keys;
    bot = await startBot({ iamState: seeded.state });
    expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    const first = postedReport(bot);
    // Through the bot: alice's key deactivated, bob's deleted (asked and approved), dave's asked for.
    const deactivate = reportButton(first, 'alice', STALE_DEACTIVATE_ACTION);
    expect(await pick(deactivate, PEOPLE.admin, first.ts)).toContain('is now inactive');
    const remove = reportButton(first, 'bob', STALE_REQUEST_DELETION_ACTION);
    expect(await pick(remove, PEOPLE.admin, first.ts)).toContain('requested');
    const request = approvalMessageFor(bot, keys.bob ?? '');
    await bot.driver.click(APPROVE_ACTION, request.requestId, {
      userId: PEOPLE.approver,
      channelId: 'C0APPROVALS',
      messageTs: request.message.ts,
    });
    await eventually(() => bot.iam.state.findKey(keys.bob ?? '') === undefined, 10_000);
    const ask = reportButton(first, 'dave', STALE_REQUEST_DELETION_ACTION);
    expect(await pick(ask, PEOPLE.admin, first.ts)).toContain('requested');
    // Behind the bot's back, in IAM itself: Keywarden's trail knows nothing of it.
    bot.iam.state.setStatus('carol', keys.carol ?? '', 'Inactive');
    bot.iam.clearCalls();
    // The credential report IAM keeps (up to four hours) still holds all four as they were.
    expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    expect(postedReport(bot).ts).not.toBe(first.ts);
  });
  afterAll(() => bot.stop());

  it('the data is the credential report of before the cleanup: all four keys are still in it', () => {
    expect(bot.iam.calls('GenerateCredentialReport').length).toBeGreaterThan(0);
    // bob's key is gone, not unnamed: the report does not say IAM would not list it.
    expect(JSON.stringify(postedReport(bot).blocks)).not.toContain('named by slot');
    for (const owner of ['alice', 'bob', 'carol', 'dave'])
      expect(reportLines(postedReport(bot), owner)).toHaveLength(1);
  });

  it('a key deactivated through the bot is marked with who and when, and has no menu', () => {
    const alice = line('alice');
    expect(alice.text?.text).toMatch(
      /:white_circle: Inactive since \d{4}-\d\d-\d\d \d\d:\d\d UTC \(by <@U0ADMIN>\)/,
    );
    expect(alice.accessory).toBeUndefined();
  });

  it('a key deleted through the bot is marked with the approver whose decision deleted it, and has no menu', () => {
    const bob = line('bob');
    expect(bob.text?.text).toMatch(/:wastebasket: Deleted \d{4}-\d\d-\d\d \d\d:\d\d UTC by <@U0APPROVER>/);
    expect(bob.accessory).toBeUndefined();
  });

  it("a key deactivated in IAM behind the bot's back is caught by the re-check, and has no menu", () => {
    const carol = line('carol');
    expect(carol.text?.text).toContain(':white_circle: Inactive since the data was generated');
    expect(carol.accessory).toBeUndefined();
  });

  it('a key with a pending deletion request says who asked, and keeps its menu (it is still Active)', () => {
    const dave = line('dave');
    expect(dave.text?.text).toMatch(/Deletion requested by <@U0ADMIN> at /);
    expect(dave.accessory?.type).toBe('overflow');
  });

  it('each line names its key id and its owner as a mention', () => {
    expect(line('dave').text?.text).toContain(`*\`${keys.dave}\`* of`);
    // alice maps to U0ALICE in the test policy; dave maps to nobody, so he is named by his IAM user.
    expect(line('alice').text?.text).toContain('of <@U0ALICE> (`alice`)');
    expect(line('dave').text?.text).toContain('of `dave`');
  });

  it('the re-check lists each user shown once, as keywarden: never a call per key of the whole report', () => {
    const listed = bot.iam.calls('ListAccessKeys').map((call) => call.params.UserName);
    expect([...listed].sort()).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(bot.iam.calls('GetAccessKeyLastUsed')).toHaveLength(0);
  });

  it("the admins' Home says the last run's keys handled since its data", async () => {
    const home = viewText(await openHome(bot, PEOPLE.admin));
    expect(home).toContain('*4 stale keys* · since the data: 1 deleted, 2 inactive, 1 deletion requested');
  });

  it('the schedule is said in words under the title', () => {
    expect(JSON.stringify(postedReport(bot).blocks)).toContain(
      'Stale access keys · At 09:00, only on Monday (UTC)',
    );
  });
});

describe("a report line's Nudge owner (issue 26, item 12)", () => {
  let bot: Bot;
  let ts: string;
  // The report as posted (the answers to the admin land in the channel too, ephemeral).
  const report = () => {
    const found = bot.slack.messages('C0SECOPS').find((message) => message.ts === ts);
    if (!found) throw new Error('the report is gone');
    return found;
  };
  const nudge = async (owner: string, userId: string) => {
    const value = reportButton(report(), owner, STALE_NUDGE_OWNER_ACTION);
    const reply = await bot.driver.pick(STALE_LINE_MENU_ACTION, value, {
      userId,
      channelId: 'C0SECOPS',
      messageTs: ts,
    });
    return replyText(await bot.driver.waitForResponse(reply.responseUrl, 10_000));
  };
  const dmsTo = (userId: string) =>
    bot.slack
      .messages(bot.slack.dmChannelOf(userId))
      .filter((message) => message.user === bot.slack.botUserId);

  beforeAll(async () => {
    const state = new IamState();
    for (const user of ['alice', 'dave']) {
      state.addUser(user);
      state.addKey(user, { createDate: daysAgo(200) });
    }
    bot = await startBot({ iamState: state });
    expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    ts = postedReport(bot).ts;
  });
  afterAll(() => bot.stop());

  it("an admin's pick DMs the owner about that key, marks the line, and is audited", async () => {
    expect(dmsTo(PEOPLE.alice)).toHaveLength(0);
    expect(await nudge('alice', PEOPLE.admin)).toContain(`<@${PEOPLE.alice}> was nudged`);
    expect(dmsTo(PEOPLE.alice)).toHaveLength(1);
    expect(JSON.stringify(dmsTo(PEOPLE.alice)[0]?.blocks)).toContain('alice');
    await eventually(() => JSON.stringify(report().blocks).includes('Owner nudged by <@U0ADMIN>'));
    // The line keeps its menu: the key is as it was.
    expect(reportLines(report(), 'alice')[0]?.accessory?.type).toBe('overflow');
  });

  it('a second nudge the same day is refused, audited, and sends nothing', async () => {
    expect(await nudge('alice', PEOPLE.admin)).toContain('already nudged today');
    expect(dmsTo(PEOPLE.alice)).toHaveLength(1);
    const reply = await bot.driver.command('audit alice', { userId: PEOPLE.admin });
    const trail = replyText(await bot.driver.waitForResponse(reply.responseUrl, 10_000));
    expect(trail).toContain('nudged the owner of key');
    expect(trail).toContain('nudge owner: DM sent to <@U0ALICE>');
    expect(trail).toContain('nudge owner: already nudged today');
  });

  it('an owner who is no person in Slack is said so, and nobody is nudged', async () => {
    expect(await nudge('dave', PEOPLE.admin)).toContain('No person in Slack is known to own `dave`');
  });

  it('anyone but an admin is refused before IAM is asked', async () => {
    bot.iam.clearCalls();
    expect(await nudge('alice', PEOPLE.alice)).toContain(NOT_ALLOWED);
    expect(await nudge('alice', PEOPLE.stranger)).toContain(NOT_ALLOWED);
    expect(bot.iam.calls()).toHaveLength(0);
  });
});

describe('a report over several accounts (issue 26, item 12)', () => {
  let aws: Accounts;
  let bot: Bot;
  const stale = { createDate: daysAgo(200) };
  let prodKey: string;

  beforeAll(async () => {
    aws = await startAccounts();
    aws.home.addUser('alice');
    aws.home.addKey('alice', stale);
    aws.prod.addUser('bob');
    prodKey = aws.prod.addKey('bob', stale).accessKeyId;
    aws.staging.addUser('carol');
    aws.staging.addKey('carol', stale);
    bot = await startBot({
      iam: aws.iam,
      awsCredentials: BOT,
      stsUrl: aws.sts.url,
      policyYaml: `${POLICY_YAML}\n${threeAccountsYaml()}`,
    });
    expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
  });
  afterAll(async () => {
    await bot.stop();
    await aws.close();
  });

  it('groups the lines by account, in policy order, under a heading each', () => {
    const blocks = (postedReport(bot).blocks ?? []) as Array<{ type: string; text?: { text: string } }>;
    const texts = blocks.flatMap((block) => (block.type === 'section' ? [block.text?.text ?? ''] : []));
    const start = texts.findIndex((text) => text.startsWith('*:cloud:'));
    const lines = texts
      .slice(start)
      .map((text) => (text.startsWith('*:cloud:') ? text : text.split(' · ')[0]));
    expect(lines).toEqual([
      expect.stringMatching(/^\*:cloud: home/),
      expect.stringMatching(/of <@U0ALICE> \(`alice`\)$/),
      expect.stringMatching(/^\*:cloud: prod/),
      expect.stringMatching(/of <@U0BOB> \(`bob`\)$/),
      expect.stringMatching(/^\*:cloud: staging/),
      expect.stringMatching(/of `carol`$/),
    ]);
  });

  it("an option picked on prod's line acts in prod, on that key", async () => {
    const report = postedReport(bot);
    const value = reportButton(report, 'bob', STALE_DEACTIVATE_ACTION);
    const reply = await bot.driver.pick(STALE_LINE_MENU_ACTION, value, {
      userId: PEOPLE.admin,
      channelId: 'C0SECOPS',
      messageTs: report.ts,
    });
    expect(replyText(await bot.driver.waitForResponse(reply.responseUrl, 10_000))).toContain(
      'is now inactive',
    );
    expect(aws.prod.findKey(prodKey)?.status).toBe('Inactive');
  });
});
