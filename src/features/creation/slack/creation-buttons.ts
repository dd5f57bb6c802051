import type { KeyCreation } from '../domain/key-creation';
import type { Invitation } from '../domain/invitation';
import type { Actor } from '../../../kernel/authorization';
import type { KeyId } from '../../../kernel/types';
import { code } from '../../../platform/slack/blocks/format';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import { NO_SUCH_INVITATION } from './texts';
import type { ButtonListener } from '../../../platform/bolt/action-router';
import { removal } from '../../../platform/bolt/answer';
import { isUuid } from '../../../kernel/ids';

/** What another slice does once an invitation was accepted and its key delivered (a rotation moves on). */
export type InvitationAccepted = (actor: Actor, invitation: Invitation, keyId: KeyId) => Promise<void>;

/**
 * "Create my key": the owner is present, so the secret is delivered now, ephemerally, to them.
 * If the invitation began a rotation, the rotation moves on to its guide (its slice registers
 * itself in `accepted`).
 */
export function acceptInvitationButton(
  creation: Pick<KeyCreation, 'accept'>,
  accepted: readonly InvitationAccepted[],
): ButtonListener {
  return async function acceptInvitation({ actor, value }) {
    if (!isUuid(value)) return plainReply(NO_SUCH_INVITATION);
    const clicker = await actor();
    const outcome = await creation.accept(clicker, value);
    if (!outcome.ok) return refusalReply(outcome.refusal);
    const created = outcome.value;
    if (created.kind !== 'delivered') return undefined;
    const { invitation } = created;
    if (invitation) for (const next of accepted) await next(clicker, invitation, created.keyId);
    // The secret itself arrived by its own ephemeral message; this only points to it.
    return plainReply(`Your new key ${code(created.keyId)} was made; its secret is shown above, once.`);
  };
}

/**
 * "Copied, hide it" under a secret: the ephemeral message goes away at once, so the secret is not
 * left on the screen. Nothing is read or changed; only the person the message was shown to can
 * click it (an ephemeral message is theirs alone).
 */
export const hideSecretButton: ButtonListener = async function hideSecret() {
  return removal();
};
