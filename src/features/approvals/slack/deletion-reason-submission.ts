import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ApprovalService } from '../domain/approval-service';
import { MAX_REASON_LENGTH } from '../../../kernel/user-text';
import type { KeyCommands, StatusChange } from '../../keys/domain';
import { refused } from '../../../kernel/outcome';
import { deactivatedThenRequested } from './deactivate-now';
import {
  deactivateNowTicked,
  decodeDeletionReasonMetadata,
  reasonFieldError,
  REASON_ACTION,
  REASON_BLOCK,
} from './deletion-reason-modal';
import type { DeletionContinuation, DeletionContinuations } from './deletion-continuations';
import { userTextInputError } from '../../../platform/slack/user-text-input';
import { requestOf } from '../../../platform/bolt/request-context';
import type { Actor } from '../../../kernel/authorization';
import { asKeyId, type KeyId } from '../../../kernel/types';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The Request deletion modal's submission. A reason that breaks the policy's rule is answered in
 * the modal, before anything is asked of IAM; otherwise the modal closes at once and the request
 * goes through the service of the button's source (its continuation), with the person's reason.
 * The answer goes where the button was: an ephemeral message in its conversation, or the Home.
 * With "Deactivate now" ticked, the key is deactivated first (`keys`, as /keys deactivate does it).
 */
export function deletionReasonSubmission(
  approvals: Pick<ApprovalService, 'reasonProblem'>,
  continuations: DeletionContinuations,
  keys: Pick<KeyCommands, 'setStatus'>,
) {
  return async function submitDeletionReason({ ack, view, client, context }: ViewArgs) {
    const metadata = decodeDeletionReasonMetadata(view.private_metadata, continuations.accepts);
    const typed = view.state.values[REASON_BLOCK]?.[REASON_ACTION]?.value ?? '';
    const reason = typed.trim();
    // The rule for any text people type first, as `/keys delete` applies it (the policy's pattern
    // never sees 100 KB); then the policy's.
    const reasonError =
      userTextInputError(typed, MAX_REASON_LENGTH) ?? (metadata && policyReasonError(approvals, reason));
    if (reasonError) {
      await ack({ response_action: 'errors', errors: { [REASON_BLOCK]: reasonError } });
      return;
    }
    await ack();
    const request = requestOf(context);
    const continuation = metadata && continuations.get(metadata.source);
    const userId = request.slackUserId;
    if (!metadata || !continuation || !userId) {
      request.log.warn('a deletion modal came back unreadable; nothing was requested');
      return;
    }
    const answer = async (text: string) => {
      // Nothing to say where the source shows the outcome itself (a rotation's guide, updated in place).
      if (!text) return;
      try {
        if (continuation.answer) await continuation.answer(userId, text);
        else if (metadata.channel)
          await client.chat.postEphemeral({ channel: metadata.channel, user: userId, text });
      } catch (error) {
        request.log.warn({ err: error }, 'the deletion answer could not be delivered');
      }
    };
    request.answerFailureWith((reply) => answer(reply.text));
    const actor = await request.actor();
    if (!actor) return;
    // Containment first: the key goes off (same path, rights and audit as /keys deactivate) before
    // the request waits for approvers; the request opens whatever became of the deactivation.
    const contain =
      metadata.deactivate && deactivateNowTicked(view.state.values)
        ? await confirmedKey(continuation, actor, metadata.target, metadata.deactivate)
        : undefined;
    const contained =
      contain &&
      (await keys.setStatus(actor, contain, 'Inactive').catch((error: unknown) => {
        request.log.error({ err: error, keyId: contain }, '"Deactivate now" failed; requesting anyway');
        return refused<StatusChange>({ reason: 'iam-unavailable' });
      }));
    const reply = await continuation.request(actor, metadata.target, reason);
    if (reply.refused) request.refused();
    request.done(
      { source: metadata.source, deactivated: contained ? contained.ok : undefined },
      'deletion requested in the modal',
    );
    await answer(
      contain && contained ? deactivatedThenRequested(contain, contained, reply.text) : reply.text,
    );
  };
}

/** What the field says when the reason breaks the policy's `approvals.reason`, or undefined. */
function policyReasonError(
  approvals: Pick<ApprovalService, 'reasonProblem'>,
  reason: string,
): string | undefined {
  const problem = approvals.reasonProblem(reason);
  if (!problem) return undefined;
  return reasonFieldError('hint' in problem ? problem.hint : undefined);
}

/**
 * The key "Deactivate now" turns off: the target itself where it is a key id; else the key its
 * source finds for the target now (a report line's key, by owner and creation time), and only when
 * that is still the key the modal offered. A key gone or replaced meanwhile is not touched.
 */
async function confirmedKey(
  continuation: DeletionContinuation,
  actor: Actor,
  target: string,
  offered: KeyId,
): Promise<KeyId | undefined> {
  if (asKeyId(target)) return offered;
  const named = await continuation.keyOf?.(actor, target).catch(() => undefined);
  return named === offered ? offered : undefined;
}
