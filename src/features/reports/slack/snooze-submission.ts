import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { KeySnoozes } from '../domain/key-snoozes';
import { plainReply, type Reply } from '../../../platform/slack/blocks/primitives';
import { outcomeReply } from '../../../platform/slack/blocks/outcome-reply';
import { parseReportButtonValue } from './report-button';
import { SNOOZE_REASON_BLOCK } from './snooze-modal';
import { snoozedText } from './snooze-result';
import { BAD_REPORT_BUTTON } from './stale-texts';
import { NOT_ALLOWED } from '../../../platform/slack/blocks/texts';
import { openDm } from '../../../platform/slack/dm';
import { parseSnoozeSubmission } from './parse-snooze-submission';
import { requestOf } from '../../../platform/bolt/request-context';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The snooze form's submission. Wrong input is answered in the form itself (`errors`), at once; a
 * valid one closes the form, and the outcome (stored, or why not, or that something went wrong)
 * goes to the person's DM, since checking the key in IAM may take longer than Slack waits for the answer.
 */
export function snoozeSubmission(snoozes: Pick<KeySnoozes, 'snooze'>) {
  return async function submitSnooze({ ack, body, view, client, context }: SubmitArgs) {
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
    const request = requestOf(context);
    const answer = async (reply: Reply) => {
      await client.chat.postMessage({
        channel: await openDm(client, body.user.id),
        text: reply.text,
        blocks: reply.blocks,
      });
    };
    request.answerFailureWith(answer);
    const actor = await request.actor();
    let reply: Reply;
    if (actor) {
      const outcome = await snoozes.snooze(actor, key, parsed.ask);
      request.log.info({ ok: outcome.ok }, 'snooze submitted');
      reply = outcomeReply(outcome, (snooze) => plainReply(snoozedText(snooze)));
      if (reply.refused) request.refused();
    } else {
      reply = plainReply(NOT_ALLOWED);
    }
    try {
      await answer(reply);
    } catch (error) {
      request.log.warn({ err: error }, 'the answer could not be delivered');
    }
  };
}
