import type { KeyRotation } from '../domain/key-rotation';
import { isRotationId } from '../domain/rotation';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { refusalReply } from '../../../platform/slack/blocks/outcome-reply';
// The words of this slice's refusals, registered for the replies below.
import './texts';
import { ROTATION_OLD_KEY_ABOUT, ROTATION_STEP_DONE_TEXT, type RotationStep } from './rotation-guide';
import type { ButtonListener } from '../../../platform/bolt/action-router';
import type { ApprovalsApi } from '../../approvals';

/**
 * The guide's buttons; the guide message is updated in place by the service. Whatever the button
 * names goes to the service, which refuses (and audits) a value that names no rotation.
 */
export function rotationStepButton(
  step: RotationStep,
  rotation: Pick<KeyRotation, RotationStep>,
  approvals: Pick<ApprovalsApi, 'askForReason'>,
): ButtonListener {
  return async function takeRotationStep({ actor, value, channel, openModal }) {
    // The guide's own reason would be refused where the policy wants a ticket: the modal asks.
    const asked =
      step === 'requestOldKeyDeletion' &&
      isRotationId(value) &&
      (await approvals.askForReason(openModal, {
        source: 'rotation',
        target: value,
        channel,
        about: ROTATION_OLD_KEY_ABOUT,
      }));
    if (asked) return undefined;
    const outcome = await rotation[step](await actor(), value);
    if (!outcome.ok) return refusalReply(outcome.refusal);
    // One message per rotation: the guide, updated in place, says what was done. A line beside it
    // only where there is no guide message to update.
    if (outcome.value.rotation.message) return undefined;
    const text = ROTATION_STEP_DONE_TEXT[step];
    return text ? plainReply(text) : undefined;
  };
}
