import { randomUUID } from 'node:crypto';
import type { Access } from '../../../platform/access/access';
import type { KeyRotation } from '../../rotation/domain/key-rotation';
import type { StaleKeyActions } from '../domain/stale-key-actions';
import type { Logger } from '../../../platform/logger';
import { rotationStartedBlocks } from '../../creation/slack/created';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { outcomeReply, refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import { parseReportButtonValue } from './report-button';
import { snoozeModal, SNOOZE_NOT_OPENED } from './snooze-modal';
import { BAD_REPORT_BUTTON } from './stale-texts';
import { statusChangeBlocks } from '../../keys/slack/status-change';
import { ephemeral } from '../../../platform/bolt/answer';
import { buttonAction, type ButtonArgs } from '../../../platform/bolt/button-action';

export interface NudgeActionDeps {
  access: Access;
  rotation: KeyRotation;
  staleActions: StaleKeyActions;
  log: Logger;
}

/**
 * Rotate and Deactivate in an owner's nudge: the same services as `/keys rotate` and
 * `/keys deactivate`, which check the clicker's rights on the owner IAM names.
 */
export function nudgeAction(verb: 'rotate' | 'deactivate', deps: NudgeActionDeps) {
  return buttonAction(`nudge.${verb}`, deps, async ({ actor, value }) => {
    const key = parseReportButtonValue(value);
    if (!key) return plainReply(BAD_REPORT_BUTTON);
    if (verb === 'deactivate') {
      return outcomeReply(
        await deps.staleActions.deactivate(actor, key, { fromNudge: true }),
        statusChangeBlocks,
      );
    }
    const account = await deps.staleActions.accountOf(actor, key, 'rotate');
    if (!account.ok) return refusalReply(account.refusal);
    return outcomeReply(await deps.rotation.start(actor, key.owner, account.value), ({ created }) =>
      rotationStartedBlocks(created),
    );
  });
}

/**
 * Snooze opens its form at once: Slack's trigger_id lasts three seconds. Nothing is decided here;
 * the submission checks the person's rights and the key again.
 */
export function nudgeSnoozeAction(deps: { log: Logger }) {
  return async ({ ack, body, action, client, respond }: ButtonArgs) => {
    await ack();
    const log = deps.log.child({ requestId: randomUUID(), slackUser: body.user.id, action: 'nudge.snooze' });
    const key = parseReportButtonValue(action.value);
    try {
      if (!key) {
        await ephemeral(respond)(plainReply(BAD_REPORT_BUTTON));
        return;
      }
      await client.views.open({ trigger_id: body.trigger_id, view: snoozeModal(key) });
      log.info('snooze form opened');
    } catch (error) {
      log.warn({ err: error }, 'snooze form could not be opened');
      await ephemeral(respond)(plainReply(SNOOZE_NOT_OPENED)).catch(() => undefined);
    }
  };
}
