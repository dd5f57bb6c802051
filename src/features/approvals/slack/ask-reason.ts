import type { ModalView } from '@slack/types';
import type { ApprovalService } from '../domain/approval-service';
import { deletionReasonModal, type DeletionSource } from './deletion-reason-modal';
import { asKeyId } from '../../../kernel/types';
import { code } from '../../../platform/slack/blocks/format';

/**
 * For a Request deletion button: where the policy wants a person's reason (a ticket id), the
 * button's own reason would be refused, so the modal that asks for one is opened instead. True
 * when it was; the submission then makes the request (listeners/views/deletion-reason.ts).
 */
export async function askedForReason(
  approvals: Pick<ApprovalService, 'personReasonRule'>,
  openModal: (view: ModalView) => Promise<void>,
  button: ReasonButton,
): Promise<boolean> {
  const rule = approvals.personReasonRule();
  if (!rule) return false;
  const { source, target, channel, initialReason } = button;
  // The modal names the key it is about: the source's own words, else the key id the button carries.
  const about = button.about ?? (asKeyId(target) ? `Access key ${code(target)}` : undefined);
  await openModal(
    deletionReasonModal({ source, target, ...(channel ? { channel } : {}) }, rule.hint, initialReason, about),
  );
  return true;
}

/** A Request deletion button, as its slice describes it. */
export interface ReasonButton {
  source: DeletionSource;
  target: string;
  channel?: string | undefined;
  initialReason?: string;
  /** What the modal says the request is about (mrkdwn), where the target is no key id. */
  about?: string;
}
