import { parse } from 'csv-parse/sync';
import { IamState } from '../../sandbox/iam';
import type { AuditEvent } from '../../src/kernel/ports/audit-log';
import type { IamUserName, SlackUserId } from '../../src/kernel/types';
import { AUDIT_CSV_COLUMNS } from '../../src/features/audit/slack/audit-csv';
import { auditExportedText, nothingToExportText } from '../../src/features/audit/slack/audit-export';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import { badDaysText, USAGE_LINE } from '../../src/features/command/slack/texts';
import { DynamoAuditLog } from '../../src/features/audit/store/dynamo-audit-log';
import { PEOPLE, SLACK_USERS, startBot, type Bot } from '../support/bot';
import { TestClock } from '../support/test-clock';

type Row = Record<(typeof AUDIT_CSV_COLUMNS)[number], string>;

/** An event as the export writes it, for comparing with what the store holds. */
function asRow(event: AuditEvent): Row {
  const inert = (text = '') => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
  // The actor as the Slack directory names them (the stand-in's users.info): empty for keywarden.
  const person = SLACK_USERS.find((user) => user.id === event.actor);
  return {
    at: event.at.toISOString(),
    actor: event.actor,
    actor_name: person?.realName ?? person?.name ?? '',
    actor_email: person?.email ?? '',
    action: event.action,
    outcome: event.outcome,
    account: inert(event.account),
    owner: inert(event.owner),
    key_id: inert(event.keyId),
    request_id: inert(event.requestId),
    detail: inert(event.detail),
  };
}

describe('/keys audit export [DAYS], end to end', () => {
  let bot: Bot;
  let trail: DynamoAuditLog;
  const clock = new TestClock();
  const state = new IamState();
  state.addUser('alice');
  state.addUser('bob');
  const aliceKey = state.addKey('alice', { createDate: new Date('2025-01-01T00:00:00Z') }).accessKeyId;
  const aliceSecond = state.addKey('alice', { createDate: new Date('2025-02-01T00:00:00Z') }).accessKeyId;
  const bobKey = state.addKey('bob', { createDate: new Date('2025-01-01T00:00:00Z') }).accessKeyId;
  let firstDayEnd: Date;

  async function run(text: string, userId: string) {
    const reply = await bot.driver.command(text, { userId });
    return bot.driver.waitForResponse(reply.responseUrl);
  }

  function uploadedCsv(): Row[] {
    const dm = bot.slack.dmChannelOf(PEOPLE.admin);
    const shared = bot.slack
      .messages(dm)
      .filter((m) => m.files)
      .at(-1);
    const csv = bot.slack.fileContent(shared?.files?.[0]?.id ?? '')?.toString('utf8') ?? '';
    return parse(csv, { columns: true }) as Row[];
  }

  beforeAll(async () => {
    bot = await startBot({ clock, iamState: state });
    trail = new DynamoAuditLog(bot.keywarden.store.doc, bot.keywarden.store.tableName, clock);
    // Five days ago: an admin's hold, and a stranger's refused attempt.
    await run(`deactivate ${aliceKey}`, PEOPLE.admin);
    await run(`deactivate ${bobKey}`, PEOPLE.alice);
    firstDayEnd = clock.now();
    clock.advanceHours(72);
    // Two days ago: alice tries to undo the hold (refused), and a request whose reason is a formula.
    await run(`activate ${aliceKey}`, PEOPLE.alice);
    await run(`delete ${aliceSecond} =HYPERLINK("http://evil","x")`, PEOPLE.alice);
    clock.advanceHours(25);
    // Yesterday: a non-admin asks for the export (refused, audited).
    expect((await run('audit export', PEOPLE.bob)).text).toBe(NOT_ALLOWED);
    clock.advanceHours(26);
    await run(`activate ${aliceKey}`, PEOPLE.admin);
  }, 60_000);
  afterAll(() => bot.stop());

  it('refuses a non-admin, uploads nothing, and audits the refusal', async () => {
    bot.slack.clearCalls();
    expect((await run('audit export 90', PEOPLE.alice)).text).toBe(NOT_ALLOWED);
    expect(bot.slack.calls('files.completeUploadExternal')).toHaveLength(0);
    const refusals = (await trail.recent({ limit: 100 })).filter((e) => e.action === 'export');
    expect(refusals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: PEOPLE.alice,
          outcome: 'refused',
          detail: 'last 90 days: not-allowed',
        }),
        expect.objectContaining({
          actor: PEOPLE.bob,
          outcome: 'refused',
          detail: 'last 30 days: not-allowed',
        }),
      ]),
    );
  });

  it("a period of several days: every event since then, refusals included, as a CSV in the admin's DM", async () => {
    const since = new Date(clock.now().getTime() - 3 * 86_400_000);
    const expected = (await trail.recent({ limit: 1000 }))
      .filter((event) => event.at >= since)
      .reverse()
      .map(asRow);
    bot.slack.clearCalls();

    const answer = await run('audit export 3', PEOPLE.admin);

    expect(answer.text).toBe(auditExportedText(expected.length, 3));
    const upload = bot.slack.calls('files.completeUploadExternal');
    expect(upload).toHaveLength(1);
    expect(upload[0]?.params).toMatchObject({ channel_id: bot.slack.dmChannelOf(PEOPLE.admin) });
    // The DM says the period as people write a time, never ISO.
    expect(String(upload[0]?.params.initial_comment)).toMatch(
      /^Keywarden's audit trail since \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC: \d+ events, oldest first\.$/,
    );
    const rows = uploadedCsv();
    expect(rows).toEqual(expected);
    // Three day partitions, and the refusals a review looks for first.
    expect(new Set(rows.map((row) => row.at.slice(0, 10))).size).toBe(3);
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: PEOPLE.alice, action: 'activate', outcome: 'refused' }),
        expect.objectContaining({ actor: PEOPLE.bob, action: 'export', outcome: 'refused' }),
      ]),
    );
    // The reason arrived as a formula; the file holds it as text.
    expect(rows.find((row) => row.action === 'request-deletion')?.detail).toBe(
      `'=HYPERLINK("http://evil","x")`,
    );
    // Five days back is outside the period.
    expect(rows.every((row) => new Date(row.at) > firstDayEnd)).toBe(true);
    // The export itself is audited once done, after the file it is not part of.
    const latest = (await trail.recent({ limit: 1 }))[0];
    expect(latest).toMatchObject({
      actor: PEOPLE.admin,
      action: 'export',
      outcome: 'ok',
      detail: `last 3 days: ${rows.length} events`,
    });
  });

  it('the default period, 30 days, reaches back to the first events', async () => {
    const answer = await run('audit export', PEOPLE.admin);
    const rows = uploadedCsv();
    expect(answer.text).toBe(auditExportedText(rows.length, 30));
    expect(rows[0]).toMatchObject({
      actor: PEOPLE.admin,
      action: 'deactivate',
      key_id: aliceKey,
      outcome: 'ok',
    });
    expect(rows[1]).toMatchObject({
      actor: PEOPLE.alice,
      action: 'deactivate',
      key_id: bobKey,
      outcome: 'refused',
    });
    expect(Object.keys(rows[0] ?? {})).toEqual([...AUDIT_CSV_COLUMNS]);
  });

  it('`audit export abc` is a usage error that says how to name a user called "export"', async () => {
    bot.slack.clearCalls();
    const answer = await run('audit export abc', PEOPLE.admin);
    expect(answer.text).toContain(badDaysText('abc'));
    expect(answer.text).toContain(USAGE_LINE);
    expect(badDaysText('abc')).toContain('/keys audit export@ACCOUNT');
    expect(bot.slack.calls('files.completeUploadExternal')).toHaveLength(0);
    const help = JSON.stringify(await run('help', PEOPLE.admin));
    expect(help).toContain('/keys audit export [DAYS]');
    expect(help).toContain('export@ACCOUNT');
  });

  it('an event stored before the user-text rule is exported with its hidden characters shown, never live', async () => {
    // As an old item holds it: a reason with a right-to-left override, a bell, a zero-width space,
    // and an owner that starts with an override and then a formula.
    await trail.record({
      at: clock.now(),
      actor: PEOPLE.alice as SlackUserId,
      action: 'request-deletion',
      outcome: 'ok',
      owner: '\u202E=cmd' as IamUserName,
      detail: 'INC-1 \u202Eexe.tad\u202C\u0007 \u200Bok',
    });
    await run('audit export 1', PEOPLE.admin);
    const row = uploadedCsv().find((candidate) => candidate.detail.startsWith('INC-1'));
    expect(row).toMatchObject({
      detail: 'INC-1 [U+202E]exe.tad[U+202C][U+0007] [U+200B]ok',
      owner: '[U+202E]=cmd',
    });
  });

  it("a failed directory lookup leaves the actor's name empty, never fails the export, and is not kept", async () => {
    await trail.record({
      at: clock.now(),
      actor: PEOPLE.approver as SlackUserId,
      action: 'approve',
      outcome: 'refused',
      detail: 'self-approval',
    });
    bot.slack.failNext('users.info', { error: 'internal_error' });
    await run('audit export 1', PEOPLE.admin);
    const unnamed = uploadedCsv().find((row) => row.actor === PEOPLE.approver);
    expect(unnamed).toMatchObject({ action: 'approve', actor_name: '', actor_email: '' });
    await run('audit export 1', PEOPLE.admin);
    const named = uploadedCsv().find((row) => row.actor === PEOPLE.approver);
    expect(named).toMatchObject({ actor_name: 'april', actor_email: 'april@example.com' });
  });

  it('a period with no events answers so, and uploads nothing', async () => {
    clock.advanceHours(24 * 3);
    bot.slack.clearCalls();
    expect((await run('audit export 1', PEOPLE.admin)).text).toBe(nothingToExportText(1));
    expect(bot.slack.calls('files.completeUploadExternal')).toHaveLength(0);
  });
});
