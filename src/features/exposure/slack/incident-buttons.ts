import type { ApprovalsApi } from '../../approvals';
import type { IncidentActions } from '../domain/incident-actions';
import { asKeyId } from '../../../kernel/types';
import type { ButtonListener } from '../../../platform/bolt/action-router';
import { refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { noSuchKey } from '../../../platform/slack/blocks/texts';
import { DELETION_SOURCE } from './action-ids';
import { reactivateModal } from './reactivate-modal';

/**
 * Request deletion on the card: the normal two-person request, its reason the incident's. Where the
 * policy wants a person's reason, the approvals' modal opens with the incident's words to complete.
 */
export function requestDeletionButton(
  actions: Pick<IncidentActions, 'deletionReason'>,
  approvals: Pick<ApprovalsApi, 'askForReason' | 'opened' | 'service'>,
): ButtonListener {
  return async function requestIncidentDeletion({ actor, value, channel, openModal }) {
    const keyId = asKeyId(value);
    if (!keyId) return plainReply(noSuchKey(value.slice(0, 128)));
    const reason = await actions.deletionReason(keyId);
    const button = { source: DELETION_SOURCE, target: keyId, channel, initialReason: reason, clicker: actor };
    if (await approvals.askForReason(openModal, button)) return undefined;
    const outcome = await approvals.service.request(await actor(), keyId, reason, { generated: true });
    return outcome.ok ? approvals.opened(outcome.value) : refusalReply(outcome.refusal);
  };
}

/** Re-activate…: admins get the modal asking why; anyone else is refused here, and that is audited. */
export function reactivateButton(actions: Pick<IncidentActions, 'reactivate'>): ButtonListener {
  return async function reactivateIncidentKey({ actor, value, channel, openModal }) {
    const keyId = asKeyId(value);
    if (!keyId) return plainReply(noSuchKey(value.slice(0, 128)));
    const clicker = await actor();
    if (!clicker.isAdmin) {
      // The domain refuses and audits it; the modal is never opened for someone who may not.
      const outcome = await actions.reactivate(clicker, keyId, '');
      return outcome.ok ? undefined : refusalReply(outcome.refusal);
    }
    await openModal(reactivateModal(keyId, channel));
    return undefined;
  };
}

/** Refresh activity: CloudTrail read again and the card updated in place. */
export function refreshActivityButton(actions: Pick<IncidentActions, 'refresh'>): ButtonListener {
  return async function refreshIncidentActivity({ actor, value }) {
    const keyId = asKeyId(value);
    if (!keyId) return plainReply(noSuchKey(value.slice(0, 128)));
    const outcome = await actions.refresh(await actor(), keyId);
    return outcome.ok ? undefined : refusalReply(outcome.refusal);
  };
}
