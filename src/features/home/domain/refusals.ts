import {
  refused as refusedWith,
  type KernelRefusal,
  type Outcome as OutcomeOf,
} from '../../../kernel/outcome';
import type { ApprovalRefusal } from '../../approvals/domain';
import type { CreationRefusal } from '../../creation/domain';
import type { KeysRefusal } from '../../keys/domain';
import type { RotationRefusal } from '../../rotation/domain';

export { done } from '../../../kernel/outcome';

/**
 * Every refusal App Home can show. It has none of its own: its buttons hand on to the key
 * commands, rotation (which hands on to creation) and deletion requests.
 */
export type Refusal = KernelRefusal | KeysRefusal | RotationRefusal | CreationRefusal | ApprovalRefusal;
export type Outcome<T> = OutcomeOf<T, Refusal>;

export function refused<T = never>(refusal: Refusal): Outcome<T> {
  return refusedWith<T, Refusal>(refusal);
}
