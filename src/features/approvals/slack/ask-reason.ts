import type { ModalView } from '@slack/types';
import type { ApprovalService } from '../domain/approval-service';
import { deletionReasonModal, type DeletionSource } from './deletion-reason-modal';

/**
 * For a Request deletion button: where the policy wants a person's reason (a ticket id), the
 * button's own reason would be refused, so the modal that asks for one is opened instead. True
 * when it was; the submission then makes the request (listeners/views/deletion-reason.ts).
 */
export async function askedForReason(
  approvals: Pick<ApprovalService, 'personReasonRule'>,
  openModal: (view: ModalView) => Promise<void>,
  button: { source: DeletionSource; target: string; channel?: string | undefined; initialReason?: string },
): Promise<boolean> {
  const rule = approvals.personReasonRule();
  if (!rule) return false;
  const { source, target, channel, initialReason } = button;
  await openModal(
    deletionReasonModal({ source, target, ...(channel ? { channel } : {}) }, rule.hint, initialReason),
  );
  return true;
}
