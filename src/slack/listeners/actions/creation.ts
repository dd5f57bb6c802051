import type { Access } from '../../../access/access';
import type { KeyCreation } from '../../../keys/creation/key-creation';
import type { KeyRotation } from '../../../keys/rotation/key-rotation';
import type { Logger } from '../../../logger';
import { code } from '../../blocks/format';
import { plainReply } from '../../blocks/primitives';
import { refusalReply } from '../../blocks/outcome-reply';
import { NO_SUCH_INVITATION } from '../../blocks/texts';
import { buttonAction } from './button-action';

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
