import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../logger';
import { decisionModal, type DecisionVerb } from '../../blocks/decision-modal';
import { plainReply } from '../../blocks/primitives';
import { NO_SUCH_REQUEST, SOMETHING_WENT_WRONG } from '../../blocks/texts';
import { ephemeral } from '../answer';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

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
    const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
    const requestId = action.value ?? '';
    if (!REQUEST_ID.test(requestId) || !container?.channel_id || !container.message_ts) {
      await ephemeral(respond)(plainReply(NO_SUCH_REQUEST)).catch(() => undefined);
      return;
    }
    try {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: decisionModal({
          requestId,
          verb,
          message: { channel: container.channel_id, ts: container.message_ts },
        }),
      });
    } catch (error) {
      log.warn({ err: error }, 'the decision modal could not be opened');
      await ephemeral(respond)(plainReply(SOMETHING_WENT_WRONG)).catch(() => undefined);
    }
  };
}
