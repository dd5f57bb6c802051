import { IamState } from '../../sandbox/iam';
import {
  DEACTIVATE_NOW_ACTION,
  DEACTIVATE_NOW_BLOCK,
  DEACTIVATE_NOW_OPTION,
  DEACTIVATE_NOW_VALUE,
  DELETION_REASON_CALLBACK,
  REASON_ACTION,
  REASON_BLOCK,
} from '../../src/features/approvals/slack/deletion-reason-modal';
import { KEY_DEACTIVATE_ACTION } from '../../src/features/keys/slack/key-list';
import { STALE_LINE_MENU_ACTION } from '../../src/features/reports/slack/report-line-menu';
import { STALE_REQUEST_DELETION_ACTION } from '../../src/features/reports/slack/report-button';
import { REPORTED_KEY_GONE } from '../../src/features/reports/slack/stale-texts';
import { DynamoAuditLog } from '../../src/features/audit/store/dynamo-audit-log';
import { approvalMessageFor, eventually } from '../support/approvals';
import { PEOPLE, POLICY_YAML, replyText, startBot, type Bot } from '../support/bot';
import { postedReport, reportButton } from '../support/stale-reports';
import type { StoredMessage } from '../../sandbox/slack';

/** A policy that wants a ticket: a report line's Request deletion opens the modal. */
const TICKET_POLICY = POLICY_YAML.replace(
  '  expiresAfterHours: 24',
  `  expiresAfterHours: 24
  reason:
    required: true
    pattern: '^(INC|CHG)-[0-9]+'`,
);

const ticked = {
  [DEACTIVATE_NOW_BLOCK]: {
    [DEACTIVATE_NOW_ACTION]: {
      type: 'checkboxes',
      selected_options: [
        { text: { type: 'plain_text', text: DEACTIVATE_NOW_OPTION }, value: DEACTIVATE_NOW_VALUE },
      ],
    },
  },
};

/** Stale keys (200 days old, never used) of each owner, in the credential report the run reads. */
function staleKeys(owners: string[]): { state: IamState; keys: Record<string, string> } {
  const state = new IamState();
  const keys: Record<string, string> = {};
  for (const owner of owners) {
    state.addUser(owner);
    keys[owner] = state.addKey(owner, { createDate: new Date(Date.now() - 200 * 86_400_000) }).accessKeyId;
  }
  return { state, keys };
}

const trail = (bot: Bot) =>
  new DynamoAuditLog(bot.keywarden.store.doc, bot.keywarden.store.tableName, { now: () => new Date() });

describe('a report line\'s Request deletion offers "Deactivate now", as /keys delete does', () => {
  describe('where the policy wants a reason: the modal', () => {
    let bot: Bot;
    let keys: Record<string, string>;
    // The report itself: the answers to its clicks are stored in its channel too.
    let report: StoredMessage;

    beforeAll(async () => {
      const seeded = staleKeys(['bob', 'carol', 'dave']);
      keys = seeded.keys;
      bot = await startBot({ iamState: seeded.state, policyYaml: TICKET_POLICY });
      expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
      report = postedReport(bot);
    });
    afterAll(() => bot.stop());

    /** The modal a line's Request deletion opens for this person. */
    async function modalFor(owner: string, userId: string) {
      const opened = () => bot.slack.calls('views.open').filter((call) => call.ok).length;
      const before = opened();
      await bot.driver.pick(
        STALE_LINE_MENU_ACTION,
        reportButton(report, owner, STALE_REQUEST_DELETION_ACTION),
        {
          userId,
          channelId: 'C0SECOPS',
          messageTs: report.ts,
        },
      );
      await eventually(() => opened() > before, 10_000);
      return bot.slack.openViews(userId).at(-1) as { id: string; callback_id?: string; blocks: unknown[] };
    }

    /** Submits the modal ticked and resolves with the answer in the report's channel. */
    async function submitTicked(modalId: string, userId: string, reason: string): Promise<string> {
      const answers = () =>
        bot.slack
          .calls('chat.postEphemeral')
          .filter((call) => call.params.user === userId && call.params.channel === 'C0SECOPS');
      const before = answers().length;
      await bot.driver.submitView(
        modalId,
        { [REASON_BLOCK]: { [REASON_ACTION]: reason }, ...ticked } as never,
        {
          userId,
        },
      );
      await eventually(() => answers().length > before, 10_000);
      return String(answers().at(-1)?.params.text ?? '');
    }

    it('an admin is offered it, ticked; the key the line names (found in IAM) goes off first, then the request opens', async () => {
      const key = keys.bob ?? '';
      const modal = await modalFor('bob', PEOPLE.admin);
      expect(modal.callback_id).toBe(DELETION_REASON_CALLBACK);
      const blocks = JSON.stringify(modal.blocks);
      expect(blocks).toContain(`"block_id":"${DEACTIVATE_NOW_BLOCK}"`);
      expect(blocks).toMatch(/"initial_options":\[\{[^\]]*"value":"deactivate"/);
      // Named as the line names it (owner, account, creation) and by the key id IAM gave for it.
      expect(blocks).toContain('The key of `bob`');
      expect(blocks).toContain(`· \`${key}\``);

      const answer = await submitTicked(modal.id, PEOPLE.admin, 'INC-501 unused for 200 days');
      expect(answer).toContain(`\`${key}\``);
      expect(answer).toContain('is now inactive');
      expect(answer).toContain('requested');
      expect(bot.iam.state.findKey(key)?.status).toBe('Inactive');
      const card = JSON.stringify(approvalMessageFor(bot, key).message.blocks);
      expect(card).toContain('*Status when asked*\\nInactive');
      expect(card).not.toContain('Still Active');
      const events = (await trail(bot).recent({ limit: 30 })).filter((event) => event.keyId === key);
      expect(events.map((event) => [event.action, event.outcome, event.actor])).toEqual(
        expect.arrayContaining([
          ['deactivate', 'ok', PEOPLE.admin],
          ['request-deletion', 'ok', PEOPLE.admin],
        ]),
      );
    });

    it('no offer for someone who may not turn the key off; nothing changes', async () => {
      // April approves deletions, but may not manage carol's keys.
      const modal = await modalFor('carol', PEOPLE.approver);
      expect(JSON.stringify(modal.blocks)).not.toContain(DEACTIVATE_NOW_BLOCK);
      expect(bot.iam.state.findKey(keys.carol ?? '')?.status).toBe('Active');
    });

    it('a key replaced while the modal was open is not touched: the new key stays Active, nothing is requested', async () => {
      const modal = await modalFor('dave', PEOPLE.admin);
      expect(JSON.stringify(modal.blocks)).toContain(DEACTIVATE_NOW_BLOCK);
      bot.iam.state.deleteKey('dave', keys.dave ?? '');
      const replacement = bot.iam.state.addKey('dave').accessKeyId;
      bot.iam.clearCalls();
      const answer = await submitTicked(modal.id, PEOPLE.admin, 'INC-502 unused');
      expect(answer).toContain(REPORTED_KEY_GONE);
      expect(answer).not.toContain('inactive');
      expect(bot.iam.state.findKey(replacement)?.status).toBe('Active');
      expect(bot.iam.calls('UpdateAccessKey')).toHaveLength(0);
    });
  });

  describe('where no reason is asked: a "Deactivate now" button beside the answer', () => {
    let bot: Bot;
    let keys: Record<string, string>;

    beforeAll(async () => {
      const seeded = staleKeys(['bob']);
      keys = seeded.keys;
      bot = await startBot({ iamState: seeded.state });
      expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    });
    afterAll(() => bot.stop());

    it('the request opens, and the button turns the key off', async () => {
      const key = keys.bob ?? '';
      const report = postedReport(bot);
      const picked = await bot.driver.pick(
        STALE_LINE_MENU_ACTION,
        reportButton(report, 'bob', STALE_REQUEST_DELETION_ACTION),
        { userId: PEOPLE.admin, channelId: 'C0SECOPS', messageTs: report.ts },
      );
      const answer = await bot.driver.waitForResponse(picked.responseUrl, 10_000);
      expect(replyText(answer)).toContain('requested');
      expect(JSON.stringify(answer)).toContain(`"action_id":"${KEY_DEACTIVATE_ACTION}","value":"${key}"`);
      const clicked = await bot.driver.click(KEY_DEACTIVATE_ACTION, key, {
        userId: PEOPLE.admin,
        channelId: 'C0SECOPS',
        isEphemeral: true,
      });
      expect(replyText(await bot.driver.waitForResponse(clicked.responseUrl, 10_000))).toContain(
        'is now inactive',
      );
      expect(bot.iam.state.findKey(key)?.status).toBe('Inactive');
    });
  });
});
