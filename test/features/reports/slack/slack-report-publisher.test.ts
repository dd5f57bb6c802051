import { parse } from 'csv-parse/sync';
import { IamState, seedLargeAccount } from '../../../../sandbox/iam';
import { blockErrors } from '../../../../sandbox/slack/block-limits';
import { STALE_DEACTIVATE_ACTION } from '../../../../src/features/reports/slack/report-button';
import { MAX_KEYS_SHOWN } from '../../../../src/features/reports/slack/stale-report';
import { PEOPLE, startBot, type Bot } from '../../../support/bot';
import { postedReport, reportButton, reportedOwners } from '../../../support/stale-reports';

const NOW = new Date();

describe('scheduled reports posted to their channel, end to end', () => {
  let bot: Bot;
  beforeAll(async () => {
    const state = new IamState();
    seedLargeAccount(state, { users: 400, keys: 600, now: NOW });
    bot = await startBot({ iamState: state });
  });
  afterAll(() => bot.stop());
  beforeEach(() => bot.slack.clearCalls());

  it('runs at once only for an admin: anyone else is refused, and nothing is scanned or posted', async () => {
    const iamCalls = bot.iam.calls().length;
    expect(await bot.keywarden.reports.runNow(PEOPLE.alice, 0)).toBe('not-allowed');
    expect(await bot.keywarden.reports.runNow('not-a-user', 0)).toBe('not-allowed');
    expect(bot.iam.calls()).toHaveLength(iamCalls);
    expect(bot.slack.calls('chat.postMessage')).toHaveLength(0);
  });

  it('a report larger than one message: the worst keys within limits, the full list as a CSV in its thread', async () => {
    expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');

    const message = postedReport(bot);
    expect(message.blocks?.length).toBeLessThanOrEqual(50);
    expect(blockErrors(message.blocks)).toEqual([]);
    const owners = reportedOwners(message);
    expect(owners).toHaveLength(MAX_KEYS_SHOWN);
    for (const owner of owners)
      expect(reportButton(message, owner, STALE_DEACTIVATE_ACTION).length).toBeLessThan(2000);

    const upload = bot.slack.calls('files.completeUploadExternal');
    expect(upload).toHaveLength(1);
    expect(upload[0]?.params).toMatchObject({ channel_id: 'C0SECOPS', thread_ts: message.ts });
    const shared = bot.slack.messages('C0SECOPS').find((m) => m.files && m.threadTs === message.ts);
    const csv = bot.slack.fileContent(shared?.files?.[0]?.id ?? '')?.toString('utf8') ?? '';
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(MAX_KEYS_SHOWN);
    expect(JSON.stringify(message.blocks)).toContain(
      `Showing the ${MAX_KEYS_SHOWN} worst of ${rows.length}.`,
    );
    // The file begins where the message does: worst first.
    expect(rows.slice(0, MAX_KEYS_SHOWN).map((row) => row.user)).toEqual(owners);
  });

  it("rides out Slack's 429 on its own client: waits Retry-After, then posts once", async () => {
    const reports = () => bot.slack.messages('C0SECOPS').filter((m) => !m.files).length;
    const before = reports();
    bot.slack.failNext('chat.postMessage', { retryAfterSeconds: 1 });
    expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    const posts = bot.slack.calls('chat.postMessage');
    expect(posts.map((call) => call.error ?? 'ok')).toEqual(['ratelimited', 'ok']);
    expect(reports()).toBe(before + 1);
    expect(bot.logs.some((line) => line.includes('Slack rate limited the report; retrying later'))).toBe(
      true,
    );
  });
});
