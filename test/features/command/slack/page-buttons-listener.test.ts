import { blockErrors } from '../../../../sandbox/slack/block-limits';
import type { AuditEvent } from '../../../../src/kernel/ports/audit-log';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import { AUDIT_NEXT_ACTION, AUDIT_PREVIOUS_ACTION } from '../../../../src/features/audit/slack/audit';
import { NEXT_TEXT, PREVIOUS_TEXT } from '../../../../src/platform/slack/blocks/page-buttons';
import {
  APPROVALS_NEXT_ACTION,
  APPROVALS_PREVIOUS_ACTION,
  NO_PENDING_REQUESTS_OF_YOURS,
} from '../../../../src/features/approvals/slack/pending-page';
import { BAD_PAGE_BUTTON, NOT_ALLOWED } from '../../../../src/platform/slack/blocks/texts';
import { DynamoApprovalStore } from '../../../../src/features/approvals/store/dynamo-approval-store';
import { DynamoAuditLog } from '../../../../src/features/audit/store/dynamo-audit-log';
import { PEOPLE, replyText, startBot, type Bot } from '../../../support/bot';
import { buttonValue, lastMessageIn, pendingRequest, sectionLines } from '../../../support/pages';
import { TestClock } from '../../../support/test-clock';

const EVENTS = 60;
const REQUESTS = 45;
/** Requests of alice's own among the 45 (the rest are bob's): what a non-approver sees. */
const ALICE_REQUESTS = [2, 10, 22, 30, 44];
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const eventKey = (i: number) => `AKIAEVENT${String(i).padStart(11, '0')}`;
const requestKey = (i: number) => `AKIAPAGE${String(i).padStart(12, '0')}`;

/** The numbers of the events (or requests) a page shows, in its order, read from the key ids. */
function shown(body: Record<string, unknown>, prefix: 'AKIAEVENT' | 'AKIAPAGE'): number[] {
  return sectionLines(body).flatMap((line) => {
    const match = new RegExp(`\`${prefix}(\\d+)\``).exec(line);
    return match?.[1] ? [Number(match[1])] : [];
  });
}

function expectWithinLimits(body: Record<string, unknown>): void {
  const blocks = body.blocks as unknown[];
  expect(blocks.length).toBeLessThanOrEqual(50);
  expect(blockErrors(blocks)).toEqual([]);
}

describe('paging /keys audit and /keys approvals with Next / Previous, end to end', () => {
  let bot: Bot;
  const clock = new TestClock();

  beforeAll(async () => {
    bot = await startBot({ clock });
    const { doc, tableName } = bot.keywarden.store;
    const trail = new DynamoAuditLog(doc, tableName, clock);
    const now = clock.now();
    // Event 0 is the newest; one every 72 minutes, so the 60 span four day partitions.
    for (const i of range(0, EVENTS)) {
      const event: AuditEvent = {
        at: new Date(now.getTime() - i * 72 * 60_000),
        actor: PEOPLE.admin as SlackUserId,
        action: i % 3 === 0 ? 'approve' : 'deactivate',
        outcome: i % 3 === 0 ? 'refused' : 'ok',
        owner: (i % 2 === 0 ? 'alice' : 'bob') as IamUserName,
        account: 'default',
        keyId: eventKey(i) as KeyId,
        detail: i % 3 === 0 ? 'self-approval' : undefined,
      };
      await trail.record(event);
    }
    const approvals = new DynamoApprovalStore(doc, tableName);
    // Request 0 is the oldest; an expired one is in the index too, and must never show.
    for (const i of range(0, REQUESTS)) {
      const requestedBy = ALICE_REQUESTS.includes(i) ? PEOPLE.alice : PEOPLE.bob;
      await approvals.create(pendingRequest(i, { now, requestedBy, minutesAgo: (REQUESTS - i) * 10 }));
    }
    await approvals.create(
      pendingRequest(99, { now, requestedBy: PEOPLE.bob, minutesAgo: 600, expired: true }),
    );
  }, 60_000);
  afterAll(() => bot.stop());

  async function command(text: string, userId: string) {
    const reply = await bot.driver.command(text, { userId });
    const body = await bot.driver.waitForResponse(reply.responseUrl);
    return { body, message: lastMessageIn(bot, bot.slack.dmChannelOf(userId)) };
  }

  async function click(actionId: string, value: string, userId: string, messageTs?: string) {
    const reply = await bot.driver.click(actionId, value, {
      userId,
      channelId: bot.slack.dmChannelOf(userId),
      messageTs,
    });
    return bot.driver.waitForResponse(reply.responseUrl);
  }

  it('pages through 60 audit events, 25 at a time, newest first, and back, replacing the message in place', async () => {
    const { body: first, message } = await command('audit', PEOPLE.admin);
    expect(shown(first, 'AKIAEVENT')).toEqual(range(0, 25));
    expect(buttonValue(first, AUDIT_PREVIOUS_ACTION)).toBeUndefined();
    expectWithinLimits(first);

    const second = await click(
      AUDIT_NEXT_ACTION,
      buttonValue(first, AUDIT_NEXT_ACTION) ?? '',
      PEOPLE.admin,
      message.ts,
    );
    expect(second.replace_original).toBe(true);
    expect(shown(second, 'AKIAEVENT')).toEqual(range(25, 50));
    expect(replyText(second)).toContain(PREVIOUS_TEXT);
    expect(replyText(second)).toContain(NEXT_TEXT);
    expectWithinLimits(second);

    const third = await click(
      AUDIT_NEXT_ACTION,
      buttonValue(second, AUDIT_NEXT_ACTION) ?? '',
      PEOPLE.admin,
      message.ts,
    );
    expect(shown(third, 'AKIAEVENT')).toEqual(range(50, 60));
    expect(buttonValue(third, AUDIT_NEXT_ACTION)).toBeUndefined();

    const backToSecond = await click(
      AUDIT_PREVIOUS_ACTION,
      buttonValue(third, AUDIT_PREVIOUS_ACTION) ?? '',
      PEOPLE.admin,
      message.ts,
    );
    expect(shown(backToSecond, 'AKIAEVENT')).toEqual(range(25, 50));
    const backToFirst = await click(
      AUDIT_PREVIOUS_ACTION,
      buttonValue(backToSecond, AUDIT_PREVIOUS_ACTION) ?? '',
      PEOPLE.admin,
      message.ts,
    );
    expect(shown(backToFirst, 'AKIAEVENT')).toEqual(range(0, 25));
    expect(buttonValue(backToFirst, AUDIT_PREVIOUS_ACTION)).toBeUndefined();

    // Every page took the place of the one answer: the DM holds it once, showing the last page.
    const inDm = bot.slack.messages(message.channel).filter((m) => m.ts === message.ts);
    expect(inDm).toHaveLength(1);
    expect(inDm[0]?.blocks).toEqual(backToFirst.blocks);
  });

  it("pages one IAM user's trail from its own index", async () => {
    const { body: first, message } = await command('audit alice', PEOPLE.admin);
    const aliceEvents = range(0, EVENTS).filter((i) => i % 2 === 0);
    expect(shown(first, 'AKIAEVENT')).toEqual(aliceEvents.slice(0, 25));
    const second = await click(
      AUDIT_NEXT_ACTION,
      buttonValue(first, AUDIT_NEXT_ACTION) ?? '',
      PEOPLE.admin,
      message.ts,
    );
    expect(shown(second, 'AKIAEVENT')).toEqual(aliceEvents.slice(25));
    expect(buttonValue(second, AUDIT_NEXT_ACTION)).toBeUndefined();
    const back = await click(
      AUDIT_PREVIOUS_ACTION,
      buttonValue(second, AUDIT_PREVIOUS_ACTION) ?? '',
      PEOPLE.admin,
      message.ts,
    );
    expect(shown(back, 'AKIAEVENT')).toEqual(aliceEvents.slice(0, 25));
  });

  it("a cursor taken from bob's trail, put in alice's query, still reads only alice's index", async () => {
    const { body: bobs } = await command('audit bob', PEOPLE.admin);
    const bobPosition = (JSON.parse(buttonValue(bobs, AUDIT_NEXT_ACTION) ?? '{}') as { p: string }).p;
    const { body: alices, message } = await command('audit alice', PEOPLE.admin);
    const forged = {
      ...(JSON.parse(buttonValue(alices, AUDIT_NEXT_ACTION) ?? '{}') as object),
      p: bobPosition,
    };
    const page = await click(AUDIT_NEXT_ACTION, JSON.stringify(forged), PEOPLE.admin, message.ts);
    const events = shown(page, 'AKIAEVENT');
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((i) => i % 2 === 0)).toBe(true);
    expect(sectionLines(page).every((line) => line.includes('of `alice`'))).toBe(true);
  });

  it.each([
    [
      'a store key smuggled in',
      (value: Record<string, unknown>) => ({ ...value, pk: 'REQ#x', gsi1pk: 'APPROVAL#PENDING' }),
    ],
    [
      'a raw key as the position',
      (value: Record<string, unknown>) => ({ ...value, p: { pk: 'AUDIT#OWNER#bob', sk: 'x' } }),
    ],
    [
      'a position that is not an instant',
      (value: Record<string, unknown>) => ({ ...value, p: '2026-02-31T00:00:00.000Z#abc' }),
    ],
    [
      'a user name IAM would refuse',
      (value: Record<string, unknown>) => ({ ...value, q: { k: 'user', owner: 'bob;x' } }),
    ],
    ['another kind of trail', (value: Record<string, unknown>) => ({ ...value, q: { k: 'approvals' } })],
  ])(
    'refuses a forged page button (%s), reads nothing and leaves the list as it was',
    async (_name, forge) => {
      const { body: first, message } = await command('audit alice', PEOPLE.admin);
      const value = JSON.parse(buttonValue(first, AUDIT_NEXT_ACTION) ?? '{}') as Record<string, unknown>;
      const answer = await click(AUDIT_NEXT_ACTION, JSON.stringify(forge(value)), PEOPLE.admin, message.ts);
      expect(answer.text).toBe(BAD_PAGE_BUTTON);
      expect(answer.replace_original).toBe(false);
      expect(bot.slack.messages(message.channel).find((m) => m.ts === message.ts)?.blocks).toEqual(
        first.blocks,
      );
    },
  );

  it('refuses text that is not a page button at all', async () => {
    expect((await click(APPROVALS_NEXT_ACTION, 'not json', PEOPLE.admin)).text).toBe(BAD_PAGE_BUTTON);
    expect((await click(AUDIT_PREVIOUS_ACTION, '{"v":2}', PEOPLE.admin)).text).toBe(BAD_PAGE_BUTTON);
  });

  it('checks the right on every page: a non-admin with a real audit page button is refused', async () => {
    const { body: first } = await command('audit', PEOPLE.admin);
    const answer = await click(AUDIT_NEXT_ACTION, buttonValue(first, AUDIT_NEXT_ACTION) ?? '', PEOPLE.alice);
    expect(answer.text).toBe(NOT_ALLOWED);
    expect(replyText(answer)).not.toContain('AKIAEVENT');
  });

  it('pages through 45 pending requests, 20 at a time, oldest first, and back; the expired one never shows', async () => {
    const { body: first, message } = await command('approvals', PEOPLE.admin);
    expect(shown(first, 'AKIAPAGE')).toEqual(range(0, 20));
    expect(buttonValue(first, APPROVALS_PREVIOUS_ACTION)).toBeUndefined();
    expectWithinLimits(first);
    const second = await click(
      APPROVALS_NEXT_ACTION,
      buttonValue(first, APPROVALS_NEXT_ACTION) ?? '',
      PEOPLE.admin,
      message.ts,
    );
    expect(second.replace_original).toBe(true);
    expect(shown(second, 'AKIAPAGE')).toEqual(range(20, 40));
    expectWithinLimits(second);
    const third = await click(
      APPROVALS_NEXT_ACTION,
      buttonValue(second, APPROVALS_NEXT_ACTION) ?? '',
      PEOPLE.admin,
      message.ts,
    );
    expect(shown(third, 'AKIAPAGE')).toEqual(range(40, 45));
    expect(buttonValue(third, APPROVALS_NEXT_ACTION)).toBeUndefined();
    const back = await click(
      APPROVALS_PREVIOUS_ACTION,
      buttonValue(third, APPROVALS_PREVIOUS_ACTION) ?? '',
      PEOPLE.admin,
      message.ts,
    );
    expect(shown(back, 'AKIAPAGE')).toEqual(range(20, 40));
    const start = await click(
      APPROVALS_PREVIOUS_ACTION,
      buttonValue(back, APPROVALS_PREVIOUS_ACTION) ?? '',
      PEOPLE.admin,
      message.ts,
    );
    expect(shown(start, 'AKIAPAGE')).toEqual(range(0, 20));
    expect(buttonValue(start, APPROVALS_PREVIOUS_ACTION)).toBeUndefined();
    expect(replyText(start)).not.toContain(requestKey(99));
  });

  it("a non-approver sees only their own requests, on the first page and with another's page button", async () => {
    const { body: own } = await command('approvals', PEOPLE.alice);
    expect(shown(own, 'AKIAPAGE')).toEqual(ALICE_REQUESTS);
    expect(buttonValue(own, APPROVALS_NEXT_ACTION)).toBeUndefined();
    const { body: admins } = await command('approvals', PEOPLE.admin);
    const page = await click(
      APPROVALS_NEXT_ACTION,
      buttonValue(admins, APPROVALS_NEXT_ACTION) ?? '',
      PEOPLE.alice,
    );
    expect(shown(page, 'AKIAPAGE')).toEqual(ALICE_REQUESTS.filter((i) => i >= 20));
  });

  it('someone with no requests who may not see others is not told there are none at all', async () => {
    const { body } = await command('approvals', PEOPLE.stranger);
    expect(replyText(body)).toContain(NO_PENDING_REQUESTS_OF_YOURS);
    expect(shown(body, 'AKIAPAGE')).toEqual([]);
  });
});
