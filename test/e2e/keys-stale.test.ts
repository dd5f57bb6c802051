import { parse } from 'csv-parse/sync';
import { IamState, seedLargeAccount } from '../../sandbox/iam';
import { blockErrors } from '../../sandbox/slack/block-limits';
import { FULL_LIST_NOT_SENT } from '../../src/features/reports/slack/stale-texts';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import { BOT_TOKEN, PEOPLE, replyText, startBot, type Bot } from '../support/bot';
import { reportedOwners } from '../support/stale-reports';

const NOW = new Date();
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe('/keys stale, end to end', () => {
  describe('on a small account', () => {
    let bot: Bot;
    let alicesKey: string;
    beforeAll(async () => {
      const state = new IamState();
      state.addUser('alice');
      state.addUser('bob');
      alicesKey = state.addKey('alice', {
        createDate: daysAgo(120),
        lastUsed: { date: daysAgo(2), serviceName: 's3', region: 'eu-west-1' },
      }).accessKeyId;
      state.addKey('bob', { createDate: daysAgo(5) });
      bot = await startBot({ iamState: state });
    });
    afterAll(() => bot.stop());
    beforeEach(() => bot.iam.clearCalls());

    it("answers an admin ephemerally with the report, by the first entry's thresholds", async () => {
      const reply = await bot.driver.command('stale', { userId: PEOPLE.admin });
      const answer = await bot.driver.waitForResponse(reply.responseUrl, 10_000);
      expect(answer.response_type).toBe('ephemeral');
      expect(reportedOwners(answer as { blocks?: unknown[] })).toEqual(['alice']);
      expect(replyText(answer)).toContain('not rotated in 90 days');
      expect(bot.iam.calls('GetCredentialReport').length).toBeGreaterThan(0);
      expect(bot.slack.messages('C0SECOPS')).toHaveLength(0);
    });

    it('names the key on a row with buttons by its id, found with one ListAccessKeys as the admin', async () => {
      const reply = await bot.driver.command('stale', { userId: PEOPLE.admin });
      const answer = await bot.driver.waitForResponse(reply.responseUrl, 10_000);
      expect(replyText(answer)).toContain(`\`${alicesKey}\``);
      expect(replyText(answer)).not.toContain('access key 1');
      expect(bot.iam.calls('ListAccessKeys').map((call) => call.params.UserName)).toEqual(['alice']);
    });

    it.each([
      ['alice, a self-service user', PEOPLE.alice],
      ['a stranger', PEOPLE.stranger],
    ])('refuses %s, without asking IAM', async (_who, userId) => {
      const reply = await bot.driver.command('stale', { userId });
      expect(replyText(await bot.driver.waitForResponse(reply.responseUrl))).toContain(NOT_ALLOWED);
      expect(bot.iam.calls()).toHaveLength(0);
    });
  });

  describe('on an account with more stale keys than a message holds', () => {
    let bot: Bot;
    beforeAll(async () => {
      const state = new IamState();
      seedLargeAccount(state, { users: 200, keys: 300, now: NOW });
      bot = await startBot({ iamState: state });
    });
    afterAll(() => bot.stop());

    it("shows the worst within Block Kit limits and sends the full list to the admin's DM as a CSV", async () => {
      const reply = await bot.driver.command('stale', { userId: PEOPLE.admin });
      const answer = (await bot.driver.waitForResponse(reply.responseUrl, 15_000)) as { blocks: unknown[] };
      expect(answer.blocks.length).toBeLessThanOrEqual(50);
      expect(blockErrors(answer.blocks)).toEqual([]);
      expect(replyText(answer)).toContain('in your DM with Keywarden as a CSV file');

      const completed = bot.slack.calls('files.completeUploadExternal');
      expect(completed).toHaveLength(1);
      expect(completed[0]?.params.channel_id).toBe(bot.slack.dmChannelOf(PEOPLE.admin));
      const shared = bot.slack.messages(bot.slack.dmChannelOf(PEOPLE.admin)).find((m) => m.files);
      const csv = bot.slack.fileContent(shared?.files?.[0]?.id ?? '')?.toString('utf8') ?? '';
      const rows = parse(csv, { columns: true }) as Record<string, string>[];
      expect(rows.length).toBeGreaterThan(20);
      expect(replyText(answer)).toContain(`of ${rows.length}.`);
    });

    it('looks up key ids for the rows shown with buttons only, one ListAccessKeys per user on them', async () => {
      bot.iam.clearCalls();
      const reply = await bot.driver.command('stale', { userId: PEOPLE.admin });
      const answer = (await bot.driver.waitForResponse(reply.responseUrl, 15_000)) as { blocks: unknown[] };
      const shown = reportedOwners(answer);
      expect(shown).toHaveLength(20);
      const listed = bot.iam.calls('ListAccessKeys').map((call) => call.params.UserName);
      expect(listed.sort()).toEqual([...new Set(shown)].sort());
      const rows = (answer.blocks as Array<{ type: string; text?: { text: string } }>).filter(
        (block) => block.type === 'section' && /^\*`/.test(block.text?.text ?? ''),
      );
      for (const row of rows) expect(row.text?.text).toMatch(/^\*`AKIA[A-Z2-7]{16}`\* of .+ · created /);
    });

    it('says the full list could not be sent when its upload keeps failing, and logs neither the upload URL nor a token', async () => {
      const completed = bot.slack.calls('files.completeUploadExternal').length;
      const dm = bot.slack.dmChannelOf(PEOPLE.admin);
      const files = bot.slack.messages(dm).filter((m) => m.files).length;
      bot.slack.failNext('upload', { status: 500, times: 3 });
      const reply = await bot.driver.command('stale', { userId: PEOPLE.admin });
      const answer = (await bot.driver.waitForResponse(reply.responseUrl, 15_000)) as { blocks: unknown[] };
      expect(replyText(answer)).toContain(JSON.stringify(FULL_LIST_NOT_SENT).slice(1, -1));
      expect(blockErrors(answer.blocks)).toEqual([]);
      expect(bot.slack.calls('files.completeUploadExternal')).toHaveLength(completed);
      expect(bot.slack.messages(dm).filter((m) => m.files)).toHaveLength(files);
      const warned = bot.logs.filter((line) => line.includes('the stale-key list could not be shared'));
      expect(warned).toHaveLength(1);
      expect(warned[0]).toContain('the file upload was answered 500');
      for (const line of bot.logs) {
        expect(line).not.toContain('/upload/v1/');
        expect(line).not.toContain(BOT_TOKEN);
      }
    });
  });
});
