import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Access } from '../../../platform/access/access';
import type { KeySnoozes } from '../domain/key-snoozes';
import { asSlackUserId } from '../../../kernel/types';
import type { Logger } from '../../../platform/logger';
import { plainReply, type Reply } from '../../../platform/slack/blocks/primitives';
import { outcomeReply } from '../../../platform/slack/blocks/outcome-reply';
import { parseReportButtonValue } from './report-button';
import { SNOOZE_REASON_BLOCK } from './snooze-modal';
import { snoozedText } from './snooze-result';
import { BAD_REPORT_BUTTON } from './stale-texts';
import { NOT_ALLOWED } from '../../../platform/slack/blocks/texts';
import { openDm } from '../../../platform/slack/dm';
import { parseSnoozeSubmission } from './parse-snooze-submission';
import { answerSafely } from '../../../platform/bolt/answer';

export interface SnoozeViewDeps {
  access: Access;
  snoozes: KeySnoozes;
  log: Logger;
}

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The snooze form's submission. Wrong input is answered in the form itself (`errors`), at once; a
 * valid one closes the form, and the outcome (stored, or why not) goes to the person's DM, since
 * checking the key in IAM may take longer than Slack waits for the answer.
 */
export function snoozeSubmission(deps: SnoozeViewDeps) {
  return async ({ ack, body, view, client }: SubmitArgs) => {
    const parsed = parseSnoozeSubmission(view.state.values);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    const key = parseReportButtonValue(view.private_metadata);
    if (!key) {
      await ack({ response_action: 'errors', errors: { [SNOOZE_REASON_BLOCK]: BAD_REPORT_BUTTON } });
      return;
    }
    await ack();
    const log = deps.log.child({ requestId: randomUUID(), slackUser: body.user.id, action: 'nudge.snooze' });
    await answerSafely(
      log,
      async (reply) => {
        await client.chat.postMessage({
          channel: await openDm(client, body.user.id),
          text: reply.text,
          blocks: reply.blocks,
        });
      },
      async (): Promise<Reply> => {
        const userId = asSlackUserId(body.user.id);
        if (!userId) return plainReply(NOT_ALLOWED);
        const actor = await deps.access.actor(userId);
        const outcome = await deps.snoozes.snooze(actor, key, parsed.ask);
        log.info({ ok: outcome.ok }, 'snooze submitted');
        return outcomeReply(outcome, (snooze) => plainReply(snoozedText(snooze)));
      },
    );
  };
}
