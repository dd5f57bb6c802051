import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ApprovalService } from '../domain/approval-service';
import { MAX_REASON_LENGTH } from '../../../kernel/user-text';
import { decodeDecisionMetadata, NOTE_ACTION, NOTE_BLOCK, REJECT_REASON_REQUIRED } from './decision-modal';
import { NOT_ALLOWED } from '../../../platform/slack/blocks/texts';
import { refusalText } from '../../../platform/slack/blocks/refusal-texts';
import { decisionText } from './approval-texts';
import { userTextInputError } from '../../../platform/slack/user-text-input';
import { requestOf } from '../../../platform/bolt/request-context';
import { plainReply, type Reply } from '../../../platform/slack/blocks/primitives';
import type { StepUpPrompts } from './step-up-prompts';
import type { HomeNotices } from './home-notices';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The decision modal's submission. Input problems are answered in the modal (response_action
 * errors); otherwise the modal closes at once (Slack allows 3 s, a deletion may take longer) and
 * the outcome, or that something went wrong, reaches the approver as an ephemeral message beside
 * the request, while the request's message is updated in place as for any decision.
 */
export function decisionSubmission(
  approvals: Pick<ApprovalService, 'approve' | 'reject'>,
  stepUp?: StepUpPrompts,
  homeNotices?: HomeNotices,
) {
  return async function submitDecision({ ack, body, view, client, context }: ViewArgs) {
    const metadata = decodeDecisionMetadata(view.private_metadata);
    const typed = view.state.values[NOTE_BLOCK]?.[NOTE_ACTION]?.value ?? '';
    const note = typed.trim();
    const noteError =
      metadata?.verb === 'reject' && note === ''
        ? REJECT_REASON_REQUIRED
        : userTextInputError(typed, MAX_REASON_LENGTH);
    if (noteError) {
      await ack({ response_action: 'errors', errors: { [NOTE_BLOCK]: noteError } });
      return;
    }
    await ack();
    const request = requestOf(context);
    // Without its metadata there is no request, and nowhere beside it to answer.
    if (!metadata) return;
    const tell = async ({ text, blocks }: Reply) => {
      try {
        await client.chat.postEphemeral({
          channel: metadata.message.channel,
          user: body.user.id,
          text,
          blocks,
        });
      } catch (error) {
        request.log.warn({ err: error }, 'the decision answer could not be delivered');
      }
    };
    request.answerFailureWith(tell);
    const actor = await request.actor();
    if (!actor) return tell(plainReply(NOT_ALLOWED));
    const { verb, requestId, message } = metadata;
    const given = note === '' ? undefined : note;
    const outcome = await approvals[verb](actor, requestId, message, given);
    if (!outcome.ok) request.refused();
    request.done({ verb, ok: outcome.ok }, 'decided in the modal');
    // An approval that waits for a step-up: the way to verify, which carries the note along.
    const prompt = await stepUp?.answer(outcome, actor, { message, ...(given ? { note: given } : {}) });
    const answer = outcome.ok ? decisionText(verb, outcome.value) : refusalText(outcome.refusal);
    // Decided from the Home: the Home is published again with the outcome at its top (it no longer
    // offers the request), rather than an answer in a channel the person is not looking at.
    if (!prompt && metadata.fromHome && homeNotices?.has()) {
      await homeNotices.tell(actor.slackUserId, answer);
      return;
    }
    await tell(prompt ?? plainReply(answer));
  };
}
