import type { ApprovalService } from '../domain/approval-service';
import type { ApprovalRequest } from '../domain/approval';
import { asKeyId } from '../../../kernel/types';
import { plainReply, type Reply } from '../../../platform/slack/blocks/primitives';
import { refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import { noSuchKey } from '../../../platform/slack/blocks/texts';
import type { ButtonListener } from '../../../platform/bolt/action-router';
import { askedForReason, type ContainmentAsk } from './ask-reason';
import type { Actor } from '../../../kernel/authorization';

/**
 * Request deletion next to a key of `/keys list` (the keys slice draws the button, deletion is
 * this slice's): where the policy wants a person's reason, asked in a modal.
 */
export function keyDeletionButton(
  approvals: Pick<ApprovalService, 'request' | 'personReasonRule'>,
  opened: (request: ApprovalRequest, asker?: Actor) => Reply,
  containment?: ContainmentAsk,
): ButtonListener {
  return async function requestKeyDeletion({ actor, value, channel, openModal }) {
    const keyId = asKeyId(value);
    if (!keyId) return plainReply(noSuchKey(value.slice(0, 128)));
    const button = { source: 'list', target: keyId, channel, clicker: actor };
    if (await askedForReason(approvals, openModal, button, containment)) return undefined;
    const asker = await actor();
    const outcome = await approvals.request(asker, keyId, 'requested from /keys list', { generated: true });
    return outcome.ok ? opened(outcome.value, asker) : refusalReply(outcome.refusal);
  };
}
