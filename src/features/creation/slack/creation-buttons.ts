import type { Access } from '../../../platform/access/access';
import type { KeyCreation } from '../domain/key-creation';
import type { KeyRotation } from '../../rotation/domain/key-rotation';
import type { Logger } from '../../../platform/logger';
import { code } from '../../../platform/slack/blocks/format';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import { NO_SUCH_INVITATION } from '../../../platform/slack/blocks/texts';
import { buttonAction } from '../../../platform/bolt/button-action';

export interface CreationActionDeps {
  access: Access;
  creation: KeyCreation;
  rotation: KeyRotation;
  log: Logger;
}

const INVITATION_ID = /^[0-9a-f-]{36}$/;

/**
 * "Create my key": the owner is present, so the secret is delivered now, ephemerally, to them.
 * If the invitation began a rotation, the rotation moves on to its guide.
 */
export function acceptInvitationAction(deps: CreationActionDeps) {
  return buttonAction('create.accept', deps, async ({ actor, value }) => {
    if (!INVITATION_ID.test(value)) return plainReply(NO_SUCH_INVITATION);
    const outcome = await deps.creation.accept(actor, value);
    if (!outcome.ok) return refusalReply(outcome.refusal);
    const created = outcome.value;
    if (created.kind !== 'delivered') return undefined;
    if (created.invitation?.rotationId)
      await deps.rotation.invitationAccepted(actor, created.invitation.rotationId, created.keyId);
    // The secret itself arrived by its own ephemeral message; this only points to it.
    return plainReply(`Your new key ${code(created.keyId)} was made; its secret is shown above, once.`);
  });
}
