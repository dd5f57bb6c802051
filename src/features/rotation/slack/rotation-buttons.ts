import type { Access } from '../../../platform/access/access';
import type { ApprovalService } from '../../approvals/domain/approval-service';
import type { KeyRotation } from '../domain/key-rotation';
import { isRotationId } from '../domain/rotation';
import type { Logger } from '../../../platform/logger';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import { ROTATION_STEP_DONE_TEXT, type RotationStep } from './rotation-guide';
import { askedForReason } from '../../approvals/slack/ask-reason';
import { buttonAction } from '../../../platform/bolt/button-action';

export interface RotationActionDeps {
  access: Access;
  rotation: KeyRotation;
  approvals: Pick<ApprovalService, 'personReasonRule'>;
  log: Logger;
}

/**
 * The guide's buttons; the guide message is updated in place by the service. Whatever the button
 * names goes to the service, which refuses (and audits) a value that names no rotation.
 */
export function rotationAction(step: RotationStep, deps: RotationActionDeps) {
  return buttonAction(`rotate.${step}`, deps, async ({ actor, value, channel, openModal }) => {
    // The guide's own reason would be refused where the policy wants a ticket: the modal asks.
    const asked =
      step === 'requestOldKeyDeletion' &&
      isRotationId(value) &&
      (await askedForReason(deps.approvals, openModal, { source: 'rotation', target: value, channel }));
    if (asked) return undefined;
    const outcome = await deps.rotation[step](actor, value);
    if (!outcome.ok) return refusalReply(outcome.refusal);
    const text = ROTATION_STEP_DONE_TEXT[step];
    return text ? plainReply(text) : undefined;
  });
}
