import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import type { Access } from '../../../platform/access/access';
import type { ApprovalService } from '../domain/approval-service';
import { asSlackUserId } from '../../../kernel/types';
import { MAX_REASON_LENGTH } from '../../../kernel/user-text';
import type { Logger } from '../../../platform/logger';
import { decodeDecisionMetadata, NOTE_ACTION, NOTE_BLOCK, REJECT_REASON_REQUIRED } from './decision-modal';
import { NO_SUCH_REQUEST, NOT_ALLOWED, refusalText } from '../../../platform/slack/blocks/texts';
import { decisionText } from './approval-texts';
import { userTextInputError } from '../../../platform/slack/user-text-input';

export interface DecisionViewDeps {
  access: Access;
  approvals: ApprovalService;
  log: Logger;
}

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The decision modal's submission. Input problems are answered in the modal (response_action
 * errors); otherwise the modal closes at once (Slack allows 3 s, a deletion may take longer) and
 * the outcome reaches the approver as an ephemeral message beside the request, while the request's
 * message is updated in place as for any decision.
 */
export function decisionView(deps: DecisionViewDeps) {
  return async ({ ack, body, view, client }: ViewArgs) => {
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
    const log = deps.log.child({ requestId: randomUUID(), slackUser: body.user.id, action: 'decide' });
    const tell = async (text: string) => {
      if (!metadata) return;
      try {
        await client.chat.postEphemeral({ channel: metadata.message.channel, user: body.user.id, text });
      } catch (error) {
        log.warn({ err: error }, 'the decision answer could not be delivered');
      }
    };
    const userId = asSlackUserId(body.user.id);
    if (!metadata || !userId) return tell(metadata ? NOT_ALLOWED : NO_SUCH_REQUEST);
    try {
      const actor = await deps.access.actor(userId);
      const outcome = await deps.approvals[metadata.verb](
        actor,
        metadata.requestId,
        metadata.message,
        note === '' ? undefined : note,
      );
      log.info({ verb: metadata.verb, ok: outcome.ok }, 'decided in the modal');
      await tell(outcome.ok ? decisionText(metadata.verb, outcome.value) : refusalText(outcome.refusal));
    } catch (error) {
      log.error({ err: error, code: (error as { code?: string }).code }, 'decision failed');
    }
  };
}
