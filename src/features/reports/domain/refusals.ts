import {
  refused as refusedWith,
  type KernelRefusal,
  type Outcome as OutcomeOf,
} from '../../../kernel/outcome';
import type { ApprovalRefusal } from '../../approvals/domain';
import type { KeysRefusal } from '../../keys/domain';

export { done } from '../../../kernel/outcome';

/** The refusals only a stale report's buttons give: the key changed since the report was made. */
export type ReportsRefusal =
  | { reason: 'reported-key-gone' }
  | { reason: 'reported-key-not-active' }
  | { reason: 'reported-key-no-longer-stale'; lastUsedAt?: Date }
  /** The button's account name now names another account (its id differs from the report's). */
  | { reason: 'report-account-renamed'; account: string; accountId: string; nowId: string }
  /** Nudge owner: the IAM user maps to no person in Slack (or Slack could not say). */
  | { reason: 'owner-not-a-person'; owner: string }
  /** Nudge owner: at most one nudge per owner per UTC day (issue 26, item 10). */
  | { reason: 'owner-already-nudged'; owner: string };

/**
 * Every refusal a report's button can end in: its own, and those of the key command or the
 * deletion request it hands on to.
 */
export type Refusal = KernelRefusal | ReportsRefusal | KeysRefusal | ApprovalRefusal;
export type Outcome<T> = OutcomeOf<T, Refusal>;

export function refused<T = never>(refusal: Refusal): Outcome<T> {
  return refusedWith<T, Refusal>(refusal);
}
