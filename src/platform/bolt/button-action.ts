import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { Access } from '../access/access';
import type { Actor } from '../../kernel/authorization';
import type { MessageRef } from '../../features/approvals/domain/approval';
import { asSlackUserId } from '../../kernel/types';
import { lazyChild, type Logger } from '../logger';
import { plainReply, type Reply } from '../slack/blocks/primitives';
import { NOT_ALLOWED } from '../slack/blocks/texts';
import { answerSafely, ephemeral, isReplacement, replaceOriginal } from './answer';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export interface ButtonContext {
  actor: Actor;
  /** The button's value: untrusted text, validated by each handler. */
  value: string;
  /** The message the button was on. */
  clickedOn?: MessageRef;
  /** The conversation the button was in (a message's, or an ephemeral's). */
  channel?: string;
  /** Opens a modal with the click's trigger_id, valid for three seconds after the click. */
  openModal(view: ModalView): Promise<void>;
  log: Logger;
}

/**
 * Every button: ack at once, derive the clicker from the signed payload's user id alone,
 * run the handler, answer the clicker ephemerally (or, for a `replacement`, in place of the message
 * clicked on). Nothing else in the payload is trusted.
 */
export function buttonAction(
  name: string,
  deps: { access: Access; log: Logger },
  handle: (context: ButtonContext) => Promise<Reply | undefined>,
) {
  return async ({ ack, body, action, respond, client }: ButtonArgs) => {
    await ack();
    const bindings = { requestId: randomUUID(), slackUser: body.user.id, action: name };
    const log = lazyChild(deps.log, () => bindings);
    await answerSafely(
      log,
      async (reply) => {
        if (!reply.text) return undefined;
        return isReplacement(reply) ? replaceOriginal(respond)(reply) : ephemeral(respond)(reply);
      },
      async () => {
        const userId = asSlackUserId(body.user.id);
        if (!userId) return plainReply(NOT_ALLOWED);
        const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
        const clickedOn =
          container?.channel_id && container.message_ts
            ? { channel: container.channel_id, ts: container.message_ts }
            : undefined;
        const actor = await deps.access.actor(userId);
        const channel = body.channel?.id ?? container?.channel_id;
        const openModal = async (view: ModalView) => {
          await client.views.open({ trigger_id: body.trigger_id, view });
        };
        const reply = await handle({
          actor,
          value: action.value ?? '',
          clickedOn,
          ...(channel ? { channel } : {}),
          openModal,
          log,
        });
        deps.log.info(bindings, 'clicked');
        return reply ?? { text: '', blocks: [] };
      },
    );
  };
}
