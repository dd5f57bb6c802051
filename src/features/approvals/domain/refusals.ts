import {
  refused as refusedWith,
  type KernelRefusal,
  type Outcome as OutcomeOf,
} from '../../../kernel/outcome';
import type { ApprovalState } from './approval';

export { done } from '../../../kernel/outcome';

/** The refusals only deletion requests and their decisions give. */
export type ApprovalRefusal =
  | { reason: 'approvals-not-configured' }
  | { reason: 'no-such-request' }
  | { reason: 'not-pending'; state: ApprovalState }
  | { reason: 'expired' }
  | { reason: 'self-approval' }
  | { reason: 'not-approver' }
  | { reason: 'not-requester' }
  | { reason: 'reason-required'; hint?: string }
  | { reason: 'reason-mismatch'; hint?: string }
  | { reason: 'already-approved' }
  /**
   * The key has an open deletion request; `link` is its approval message, where Slack gave one,
   * `channel` where the message is known but no link could be made.
   */
  | { reason: 'already-requested'; requestId: string; link?: string; channel?: string }
  | { reason: 'approval-post-failed' }
  | { reason: 'wrong-message' }
  /** approvals.stepUp: this approval counts only after the approver signs in again at the IdP. */
  | { reason: 'step-up-required'; requestId: string };

/** Every refusal a deletion request or decision can end in. */
export type Refusal = KernelRefusal | ApprovalRefusal;
export type Outcome<T> = OutcomeOf<T, Refusal>;

export function refused<T = never>(refusal: Refusal): Outcome<T> {
  return refusedWith<T, Refusal>(refusal);
}
