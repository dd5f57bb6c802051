import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Access } from '../../../access/access';
import type { ApprovalService } from '../../../keys/approvals/approval-service';
import { asSlackUserId } from '../../../keys/types';
import type { Logger } from '../../../logger';
import { plainReply } from '../../blocks/primitives';
import { NO_SUCH_REQUEST, refusalText } from '../../blocks/texts';
import { answerSafely, ephemeral } from '../answer';

export interface ApprovalActionDeps {
  access: Access;
  approvals: ApprovalService;
  log: Logger;
}

const REQUEST_ID = /^[0-9a-f-]{36}$/;

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Approve / Reject on a request message. Only the clicker's id is taken from the payload. */
export function approvalAction(verb: 'approve' | 'reject', deps: ApprovalActionDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs) => {
    await ack();
    const log = deps.log.child({ requestId: randomUUID(), slackUser: body.user.id, action: `approval.${verb}` });
    await answerSafely(log, ephemeral(respond), async () => {
      const userId = asSlackUserId(body.user.id);
      if (!userId || !REQUEST_ID.test(action.value ?? '')) return plainReply(NO_SUCH_REQUEST);
      const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
      const clickedOn =
        container?.channel_id && container.message_ts
          ? { channel: container.channel_id, ts: container.message_ts }
          : undefined;
      const actor = await deps.access.actor(userId);
      const outcome = await deps.approvals[verb](actor, action.value as string, clickedOn);
      log.info({ ok: outcome.ok, refusal: outcome.ok ? undefined : outcome.refusal.reason }, 'decided');
      if (!outcome.ok) return plainReply(refusalText(outcome.refusal));
      const request = outcome.value;
      const said =
        verb === 'reject'
          ? 'You rejected the request; the key was kept.'
          : request.state === 'PENDING'
            ? 'Your approval is recorded; the request needs another approver.'
            : request.state === 'EXECUTED'
              ? 'Approved. The key was deleted.'
              : request.state === 'APPROVED'
                ? 'Approved. IAM did not answer; the deletion will be retried shortly.'
                : `Approved, but the deletion failed: ${request.outcome ?? 'unknown error'}.`;
      return plainReply(said);
    });
  };
}
