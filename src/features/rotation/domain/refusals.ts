import {
  refused as refusedWith,
  type KernelRefusal,
  type Outcome as OutcomeOf,
} from '../../../kernel/outcome';
import type { AccessKey, IamUserName } from '../../../kernel/types';
import type { ApprovalRefusal } from '../../approvals/domain';
import type { CreationRefusal } from '../../creation/domain';
import type { KeysRefusal } from '../../keys/domain';

export { done } from '../../../kernel/outcome';

/** The refusals only a rotation gives. */
export type RotationRefusal =
  | { reason: 'nothing-to-rotate'; owner: IamUserName }
  | { reason: 'rotation-needs-room'; owner: IamUserName; keys: AccessKey[] }
  | { reason: 'no-such-rotation' }
  | { reason: 'rotation-step-done' }
  | { reason: 'new-key-not-used-yet' };

/**
 * Every refusal a rotation can end in: its own, and those of the steps it hands on (the new key
 * is made by creation, the old one deactivated by the key commands, its deletion requested).
 */
export type Refusal = KernelRefusal | RotationRefusal | CreationRefusal | KeysRefusal | ApprovalRefusal;
export type Outcome<T> = OutcomeOf<T, Refusal>;

export function refused<T = never>(refusal: Refusal): Outcome<T> {
  return refusedWith<T, Refusal>(refusal);
}
