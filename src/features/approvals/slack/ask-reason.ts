import type { ModalView } from '@slack/types';
import type { Actor } from '../../../kernel/authorization';
import type { Logger } from '../../../kernel/logger';
import type { ApprovalService } from '../domain/approval-service';
import type { ContainmentOffer } from '../domain/containment';
import { deletionReasonModal, type DeletionSource } from './deletion-reason-modal';
import { asKeyId, type KeyId } from '../../../kernel/types';
import { code } from '../../../platform/slack/blocks/format';

/**
 * How long the modal waits to learn whether to offer "Deactivate now": the click's trigger_id is
 * good for three seconds, and the modal must open within them whatever IAM does.
 */
export const OFFER_BUDGET_MS = 1_500;

/** Whether "Deactivate now" is offered, and the budget that bounds the question. */
export interface ContainmentAsk {
  offer: Pick<ContainmentOffer, 'offers'>;
  log: Logger;
  budgetMs?: number;
  /**
   * For a target that is no key id (a report's owner and creation time): the key its source finds
   * for it in IAM, when Active and the clicker may turn it off (DeletionContinuation.keyOf).
   */
  keyOf?: (source: DeletionSource, actor: Actor, target: string) => Promise<KeyId | undefined>;
}

/**
 * For a Request deletion button: where the policy wants a person's reason (a ticket id), the
 * button's own reason would be refused, so the modal that asks for one is opened instead. True
 * when it was; the submission then makes the request (deletion-reason-submission.ts). For a key
 * still Active that the clicker may turn off, the modal offers to deactivate it first.
 */
export async function askedForReason(
  approvals: Pick<ApprovalService, 'personReasonRule'>,
  openModal: (view: ModalView) => Promise<void>,
  button: ReasonButton,
  containment?: ContainmentAsk,
): Promise<boolean> {
  const rule = approvals.personReasonRule();
  if (!rule) return false;
  const { source, target, channel, initialReason } = button;
  const keyId = asKeyId(target);
  const deactivate =
    button.clicker && containment && (await offered(containment, button.clicker, keyId, button));
  // The modal names the key it is about: the source's own words (with the key id its source found in
  // IAM, where it found one), else the key id the button carries.
  const found = !keyId && deactivate ? ` · ${code(deactivate)}` : '';
  const about = button.about ? `${button.about}${found}` : keyId ? `Access key ${code(target)}` : undefined;
  await openModal(
    deletionReasonModal(
      { source, target, ...(channel ? { channel } : {}), ...(deactivate ? { deactivate } : {}) },
      rule.hint,
      initialReason,
      about,
    ),
  );
  return true;
}

/**
 * The key to offer "Deactivate now" for, asked of IAM within the budget: a slow or failed answer
 * opens the modal without the offer (the approval card still warns that the key is Active). A
 * target that is no key id is resolved by its source first (a report's key, by owner and creation).
 */
async function offered(
  ask: ContainmentAsk,
  clicker: () => Promise<Actor>,
  keyId: KeyId | undefined,
  button: Pick<ReasonButton, 'source' | 'target'>,
): Promise<KeyId | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ask.budgetMs ?? OFFER_BUDGET_MS);
  });
  const find = async (): Promise<KeyId | undefined> => {
    const actor = await clicker();
    if (keyId) return (await ask.offer.offers(actor, keyId)) ? keyId : undefined;
    return ask.keyOf?.(button.source, actor, button.target);
  };
  const answer = find().catch((error: unknown) => {
    ask.log.warn({ err: error, keyId }, 'whether to offer "Deactivate now" could not be told');
    return undefined;
  });
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A Request deletion button, as its slice describes it. */
export interface ReasonButton {
  source: DeletionSource;
  target: string;
  channel?: string | undefined;
  initialReason?: string;
  /** What the modal says the request is about (mrkdwn), where the target is no key id. */
  about?: string;
  /**
   * Who clicked: the modal then offers "Deactivate now" when the key (the target, or the key its
   * source finds for it) is Active and they may turn it off (its owner, or an admin).
   */
  clicker?: () => Promise<Actor>;
}
