import {
  refused as refusedWith,
  type KernelRefusal,
  type Outcome as OutcomeOf,
} from '../../../kernel/outcome';
import type { SlackUserId } from '../../../kernel/types';

export { done } from '../../../kernel/outcome';

/** The refusals only the key commands give. */
export type KeysRefusal =
  /** Incident response: an admin (or a report) turned the key off; only an admin turns it on. */
  { reason: 'deactivated-by-admin'; by: SlackUserId | 'system'; at: Date };

/** Every refusal a key command can end in. */
export type Refusal = KernelRefusal | KeysRefusal;
export type Outcome<T> = OutcomeOf<T, Refusal>;

export function refused<T = never>(refusal: Refusal): Outcome<T> {
  return refusedWith<T, Refusal>(refusal);
}
