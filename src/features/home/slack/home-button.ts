import { randomUUID } from 'node:crypto';
import type { ModalView } from '@slack/types';
import type { Access } from '../../../platform/access/access';
import type { Actor } from '../../../kernel/authorization';
import { asSlackUserId } from '../../../kernel/types';
import type { Logger } from '../../../platform/logger';
import { SOMETHING_WENT_WRONG } from '../../../platform/slack/blocks/texts';
import type { PublishHome } from './publish-home';
import type { ButtonArgs } from '../../../platform/bolt/button-action';

export interface HomeButtonContext {
  actor: Actor;
  /** The button's value: untrusted text, validated by each handler. */
  value: string;
  /** Opens a modal with the click's trigger_id; the handler then answers '' (no new Home). */
  openModal(view: ModalView): Promise<void>;
  log: Logger;
}

export interface HomeButtonDeps {
  access: Access;
  publishHome: PublishHome;
  log: Logger;
}

/**
 * Every button on the Home: ack at once, derive the clicker from the signed payload's user id
 * alone, run the handler, then publish the clicker's Home again with what came of it at the top.
 * A Home view has no response_url and no message: the Home itself is the answer.
 */
export function homeButton(
  name: string,
  deps: HomeButtonDeps,
  handle: (context: HomeButtonContext) => Promise<string>,
) {
  return async ({ ack, body, action, client }: ButtonArgs) => {
    await ack();
    const userId = asSlackUserId(body.user.id);
    if (!userId) return;
    const log = deps.log.child({ requestId: randomUUID(), slackUser: userId, action: name });
    let notice: string;
    try {
      const actor = await deps.access.actor(userId);
      const openModal = async (view: ModalView) => {
        await client.views.open({ trigger_id: body.trigger_id, view });
      };
      notice = await handle({ actor, value: action.value ?? '', openModal, log });
      log.info('clicked on Home');
    } catch (error) {
      log.error({ err: error, code: (error as { code?: string }).code ?? 'UNEXPECTED' }, 'listener failed');
      notice = SOMETHING_WENT_WRONG;
    }
    // A modal opened instead: the Home is published again once it is submitted.
    if (notice !== '') await deps.publishHome(userId, notice);
  };
}
