import { IamState } from '../../../../sandbox/iam';
import {
  STALE_DEACTIVATE_ACTION,
  STALE_REQUEST_DELETION_ACTION,
} from '../../../../src/features/reports/slack/report-button';
import {
  BAD_REPORT_BUTTON,
  REPORTED_KEY_NO_LONGER_STALE,
  REPORTED_KEY_NOT_ACTIVE,
} from '../../../../src/features/reports/slack/stale-texts';
import { NOT_ALLOWED } from '../../../../src/platform/slack/blocks/texts';
import { UNKNOWN_CHOICE } from '../../../../src/platform/bolt/action-router';
import { STALE_LINE_MENU_ACTION } from '../../../../src/features/reports/slack/report-line-menu';
import { PEOPLE, replyText, startBot, type Bot } from '../../../support/bot';
import { eventually } from '../../../support/approvals';
import { postedReport, reportButton, reportedOwners } from '../../../support/stale-reports';

const NOW = new Date();
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

function account() {
  const state = new IamState();
  for (const user of ['alice', 'bob', 'carol', 'ci-deploy']) state.addUser(user);
  const aliceOld = state.addKey('alice', {
    createDate: daysAgo(200),
    lastUsed: { date: daysAgo(100), serviceName: 's3', region: 'eu-west-1' },
  });
  state.addKey('alice', {
    createDate: daysAgo(10),
    lastUsed: { date: daysAgo(1), serviceName: 's3', region: 'eu-west-1' },
  });
  const bobNever = state.addKey('bob', { createDate: daysAgo(60) });
  state.addKey('carol', { createDate: daysAgo(900), status: 'Inactive' });
  state.addKey('ci-deploy', { createDate: daysAgo(900) });
  return { state, aliceOld: aliceOld.accessKeyId, bobNever: bobNever.accessKeyId };
}

describe('stale-key report buttons, end to end', () => {
  let bot: Bot;
  let keys: ReturnType<typeof account>;
  let ts: string;
  let blocks: unknown[];

  // A line's menu: the option's value names the action (the one its button had) and the key.
  const click = async (_actionId: string, value: string, userId: string) => {
    const at = { userId, channelId: 'C0SECOPS', messageTs: ts };
    const reply = await bot.driver.pick(STALE_LINE_MENU_ACTION, value, at);
    return replyText(await bot.driver.waitForResponse(reply.responseUrl, 10_000));
  };
  const updates = () => bot.iam.calls('UpdateAccessKey');

  beforeAll(async () => {
    keys = account();
    bot = await startBot({ iamState: keys.state });
    expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    const message = postedReport(bot);
    ts = message.ts;
    blocks = message.blocks ?? [];
  });
  afterAll(() => bot.stop());
  beforeEach(() => bot.iam.clearCalls());

  it('posts the stale keys, worst first, leaving out inactive keys and exempt users', () => {
    // alice's fresh key is there only as one of her two active keys (CIS: one active key per user).
    expect(reportedOwners({ blocks })).toEqual(['alice', 'bob', 'alice']);
    const text = JSON.stringify(blocks);
    expect(text).toContain("from IAM's credential report (generated just now)");
    expect(text).toContain('never used (CIS 1.12)');
    expect(text).toContain('more than one active key');
  });

  it("a stranger's click changes nothing and never reaches IAM", async () => {
    const value = reportButton({ blocks }, 'bob', STALE_DEACTIVATE_ACTION);
    expect(await click(STALE_DEACTIVATE_ACTION, value, PEOPLE.stranger)).toContain(NOT_ALLOWED);
    expect(await click(STALE_REQUEST_DELETION_ACTION, value, PEOPLE.stranger)).toContain(NOT_ALLOWED);
    expect(bot.iam.calls()).toHaveLength(0);
    expect(bot.iam.state.findKey(keys.bobNever)?.status).toBe('Active');
    expect(bot.slack.messages('C0APPROVALS')).toHaveLength(0);
  });

  it("bob, with self-service, may not act on alice's key", async () => {
    const value = reportButton({ blocks }, 'alice', STALE_DEACTIVATE_ACTION);
    expect(await click(STALE_DEACTIVATE_ACTION, value, PEOPLE.bob)).toContain(NOT_ALLOWED);
    expect(updates()).toHaveLength(0);
  });

  it("an admin's Deactivate finds the key by owner and creation time and deactivates it, naming UserName", async () => {
    const value = reportButton({ blocks }, 'alice', STALE_DEACTIVATE_ACTION);
    expect(await click(STALE_DEACTIVATE_ACTION, value, PEOPLE.admin)).toContain('is now inactive');
    expect(updates()).toEqual([
      expect.objectContaining({
        status: 200,
        params: expect.objectContaining({
          UserName: 'alice',
          AccessKeyId: keys.aliceOld,
          Status: 'Inactive',
        }),
      }),
    ]);
    expect(bot.iam.state.keysOf('alice').map((key) => key.status)).toEqual(['Inactive', 'Active']);
    // The key is resolved once (its owner's list and a fresh last use) and passed down: two reads.
    expect(bot.iam.calls().map((call) => call.action)).toEqual([
      'ListAccessKeys',
      'GetAccessKeyLastUsed',
      'UpdateAccessKey',
    ]);
  });

  it('the line acted on is marked in place for the whole channel; the other lines keep their buttons', async () => {
    const report = () => bot.slack.messages('C0SECOPS').find((message) => message.ts === ts);
    await eventually(() => JSON.stringify(report()?.blocks).includes('Deactivated by <@U0ADMIN>'));
    const text = JSON.stringify(report()?.blocks);
    const value = reportButton({ blocks }, 'alice', STALE_DEACTIVATE_ACTION);
    expect(text).not.toContain(JSON.stringify(value).slice(1, -1));
    expect(text).toContain(
      JSON.stringify(reportButton({ blocks }, 'bob', STALE_DEACTIVATE_ACTION)).slice(1, -1),
    );
    expect(bot.slack.calls('chat.update').filter((call) => call.params.ts === ts)).toHaveLength(1);
  });

  it('a second click on the same button changes nothing: the key is no longer active', async () => {
    const value = reportButton({ blocks }, 'alice', STALE_DEACTIVATE_ACTION);
    expect(await click(STALE_DEACTIVATE_ACTION, value, PEOPLE.admin)).toContain(REPORTED_KEY_NOT_ACTIVE);
    expect(updates()).toHaveLength(0);
  });

  it('Request deletion of the key just deactivated opens an approval request for it', async () => {
    const value = reportButton({ blocks }, 'alice', STALE_REQUEST_DELETION_ACTION);
    expect(await click(STALE_REQUEST_DELETION_ACTION, value, PEOPLE.admin)).toContain('requested');
    const request = bot.slack.messages('C0APPROVALS').at(-1);
    expect(JSON.stringify(request?.blocks)).toContain(keys.aliceOld);
    expect(JSON.stringify(request?.blocks)).toContain('stale key report');
    expect(bot.iam.calls('DeleteAccessKey')).toHaveLength(0);
    // The re-check's reading is the request's: the approval does not resolve the key again (was four).
    expect(bot.iam.calls().map((call) => call.action)).toEqual(['ListAccessKeys', 'GetAccessKeyLastUsed']);
  });

  it('a key used since the report is left alone', async () => {
    bot.iam.state.markUsed(keys.bobNever, { date: new Date(), serviceName: 'sts', region: 'us-east-1' });
    const value = reportButton({ blocks }, 'bob', STALE_DEACTIVATE_ACTION);
    expect(await click(STALE_DEACTIVATE_ACTION, value, PEOPLE.admin)).toContain(REPORTED_KEY_NO_LONGER_STALE);
    expect(updates()).toHaveLength(0);
    expect(bot.iam.state.findKey(keys.bobNever)?.status).toBe('Active');
  });

  it('a forged value is refused before anything else', async () => {
    expect(await click(STALE_DEACTIVATE_ACTION, 'AKIAFORGED0000000000', PEOPLE.admin)).toContain(
      UNKNOWN_CHOICE,
    );
    // The buttons the menu stands for still answer a click Slack may deliver from an older report.
    const at = { userId: PEOPLE.admin, channelId: 'C0SECOPS', messageTs: ts };
    const reply = await bot.driver.click(STALE_DEACTIVATE_ACTION, 'AKIAFORGED0000000000', at);
    expect(replyText(await bot.driver.waitForResponse(reply.responseUrl))).toContain(BAD_REPORT_BUTTON);
    expect(bot.iam.calls()).toHaveLength(0);
  });

  it('a key turned off from the report stays off: its owner cannot re-activate it', async () => {
    // Stale again (the test before marked it used today).
    bot.iam.state.markUsed(keys.bobNever, { date: daysAgo(100), serviceName: 'sts', region: 'us-east-1' });
    const value = reportButton({ blocks }, 'bob', STALE_DEACTIVATE_ACTION);
    expect(await click(STALE_DEACTIVATE_ACTION, value, PEOPLE.bob)).toContain('is now inactive');
    const reply = await bot.driver.command(`activate ${keys.bobNever}`, { userId: PEOPLE.bob });
    const answer = replyText(await bot.driver.waitForResponse(reply.responseUrl));
    expect(answer).toContain('only an admin');
    expect(bot.iam.state.findKey(keys.bobNever)?.status).toBe('Inactive');
  });
});
