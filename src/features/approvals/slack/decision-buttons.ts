import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../platform/logger';
import type { MessageRef } from '../domain/approval';
import { decisionModal, decodeDecisionMetadata, type DecisionVerb } from './decision-modal';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { NO_SUCH_REQUEST, SOMETHING_WENT_WRONG } from '../../../platform/slack/blocks/texts';
import { ephemeral } from '../../../platform/bolt/answer';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

type Target = { requestId: string; message: MessageRef };

/** On the request's message: the request id in the button, the message from the signed payload. */
function fromMessage(container: unknown, value: string | undefined): Target | undefined {
  const where = container as { channel_id?: string; message_ts?: string } | undefined;
  if (!value || !REQUEST_ID.test(value) || !where?.channel_id || !where.message_ts) return undefined;
  return { requestId: value, message: { channel: where.channel_id, ts: where.message_ts } };
}

/**
 * On the App Home: the request and its message in the button's value. A forged message gets as
 * far as the submission, where the service refuses a message that is not the request's own.
 */
function fromHome(value: string | undefined): Target | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(value ?? '');
  } catch {
    return undefined;
  }
  const { r, c, t } = (raw ?? {}) as { r?: unknown; c?: unknown; t?: unknown };
  const metadata = decodeDecisionMetadata(JSON.stringify({ r, v: 'approve', c, t }));
  return metadata && { requestId: metadata.requestId, message: metadata.message };
}

const REQUEST_ID = /^[0-9a-f-]{36}$/;

/**
 * "Reject…" and "Approve with a note…": open the modal at once, while the click's trigger_id is
 * valid (3 s). Nothing is decided here: the submission is checked in full (rights, the request's
 * own message, its state and expiry) by the service, like any click.
 */
export function decisionModalAction(verb: DecisionVerb, deps: { log: Logger }) {
  return async ({ ack, body, action, client, respond }: ButtonArgs) => {
    await ack();
    const log = deps.log.child({ requestId: randomUUID(), slackUser: body.user.id, action: `open-${verb}` });
    const target = fromMessage(body.container, action.value) ?? fromHome(action.value);
    if (!target) {
      // A Home view has no response_url: a bad value there is simply not acted on.
      await ephemeral(respond)(plainReply(NO_SUCH_REQUEST)).catch(() => undefined);
      return;
    }
    try {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: decisionModal({ ...target, verb }),
      });
    } catch (error) {
      log.warn({ err: error }, 'the decision modal could not be opened');
      await ephemeral(respond)(plainReply(SOMETHING_WENT_WRONG)).catch(() => undefined);
    }
  };
}
