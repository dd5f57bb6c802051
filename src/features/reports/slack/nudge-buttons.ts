import { rotationRefusalReply, type KeyRotation } from '../../rotation';
import type { StaleKeyActions } from '../domain/stale-key-actions';
import { rotationStartedBlocks } from '../../creation';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { outcomeReply, refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import { parseReportButtonValue } from './report-button';
import { parseSnoozeButtonValue } from './snooze-button';
import { snoozeModal, SNOOZE_NOT_OPENED } from './snooze-modal';
import { BAD_REPORT_BUTTON, handledLineText } from './stale-texts';
import type { Clock } from '../../../kernel/types';
import { statusChangeBlocks } from '../../keys';
import type { ButtonListener } from '../../../platform/bolt/action-router';

/**
 * Rotate and Deactivate in an owner's nudge: the same services as `/keys rotate` and
 * `/keys deactivate`, which check the clicker's rights on the owner IAM names. A rotation refused at
 * two keys answers as `/keys rotate` does: with the buttons that retire the older key first.
 */
export function nudgeButton(
  verb: 'rotate' | 'deactivate',
  staleActions: Pick<StaleKeyActions, 'deactivate' | 'accountOf'>,
  rotation: Pick<KeyRotation, 'start'>,
  clock: Clock,
  options: { deletionButton: boolean } = { deletionButton: false },
): ButtonListener {
  return async function actOnNudge({ actor, user, value, markLine }) {
    const key = parseReportButtonValue(value);
    if (!key) return plainReply(BAD_REPORT_BUTTON);
    const clicker = await actor();
    if (verb === 'deactivate') {
      const outcome = await staleActions.deactivate(clicker, key, { fromNudge: true });
      // The nudge shows what was done about the key, so an old DM is not acted on twice.
      if (outcome.ok) await markLine(handledLineText('deactivated', user, clock.now()));
      return outcomeReply(outcome, statusChangeBlocks);
    }
    const account = await staleActions.accountOf(clicker, key, 'rotate');
    if (!account.ok) return refusalReply(account.refusal);
    const started = await rotation.start(clicker, key.owner, account.value);
    if (!started.ok) return rotationRefusalReply(started.refusal, options);
    await markLine(handledLineText('rotation-started', user, clock.now()));
    return rotationStartedBlocks(started.value.created);
  };
}

/**
 * Snooze opens its form at once: Slack's trigger_id lasts three seconds. Nothing is decided here;
 * the submission checks the person's rights and the key again.
 */
export const nudgeSnoozeButton: ButtonListener = async function openSnoozeForm({ value, openModal, log }) {
  const snoozed = parseSnoozeButtonValue(value);
  if (!snoozed) return plainReply(BAD_REPORT_BUTTON);
  try {
    await openModal(snoozeModal(snoozed.key, snoozed.keyId));
  } catch (error) {
    log.warn({ err: error }, 'snooze form could not be opened');
    return plainReply(SNOOZE_NOT_OPENED);
  }
  log.info('snooze form opened');
  return undefined;
};
