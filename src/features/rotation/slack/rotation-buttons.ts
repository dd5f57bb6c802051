import type { KeyRotation } from '../domain/key-rotation';
import { isRotationId } from '../domain/rotation';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { refusalReply } from '../../../platform/slack/blocks/outcome-reply';
// The words of this slice's refusals, registered for the replies below.
import './texts';
import { rotationOldKeyAbout, ROTATION_STEP_DONE_TEXT, type RotationStep } from './rotation-guide';
import type { ButtonListener } from '../../../platform/bolt/action-router';
import type { ApprovalsApi } from '../../approvals';

/**
 * The guide's buttons; the guide message is updated in place by the service. Whatever the button
 * names goes to the service, which refuses (and audits) a value that names no rotation.
 */
export function rotationStepButton(
  step: RotationStep,
  rotation: Pick<KeyRotation, RotationStep | 'oldKeyOf'>,
  approvals: Pick<ApprovalsApi, 'askForReason'>,
): ButtonListener {
  return async function takeRotationStep({ actor, value, channel, openModal }) {
    // The guide's own reason would be refused where the policy wants a ticket: the modal asks,
    // naming the old key where the rotation can be read within the trigger's three seconds.
    const asked =
      step === 'requestOldKeyDeletion' &&
      isRotationId(value) &&
      (await approvals.askForReason(openModal, {
        source: 'rotation',
        target: value,
        channel,
        about: rotationOldKeyAbout(await within(READ_BUDGET_MS, rotation.oldKeyOf(value))),
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

/** How long the modal waits for the rotation's old key: the click's trigger_id lasts three seconds. */
const READ_BUDGET_MS = 1_000;

/** The answer, or undefined once `ms` have passed without one. */
async function within<T>(ms: number, answer: Promise<T | undefined>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}
