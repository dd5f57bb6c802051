import {
  refused as refusedWith,
  type KernelRefusal,
  type Outcome as OutcomeOf,
} from '../../../kernel/outcome';
import type { AccessKey, IamUserName, KeyId, KeyStatus } from '../../../kernel/types';

export { done } from '../../../kernel/outcome';

/** The refusals only key creation (and its invitations) gives. */
export type CreationRefusal =
  | { reason: 'owner-unconfirmed'; user: IamUserName }
  | { reason: 'no-owner'; user: IamUserName }
  | { reason: 'key-limit'; owner: IamUserName; keys: AccessKey[] }
  /** The owner's DM could not be opened (or the invitation not sent): no key was made. */
  | { reason: 'dm-unavailable' }
  /** The key was made but its secret not delivered; `keyState` is what is true of it now. */
  | { reason: 'delivery-failed'; keyId: KeyId; keyState: 'deleted' | KeyStatus }
  /** `checked` false: the follow-up listing failed too, and the sweep repeats it. */
  | { reason: 'create-unclear'; deactivated: KeyId[]; checked: boolean }
  | { reason: 'no-such-invitation' }
  | { reason: 'invitation-expired' }
  | { reason: 'invitation-used' }
  | { reason: 'not-your-invitation' };

/** Every refusal a creation can end in. */
export type Refusal = KernelRefusal | CreationRefusal;
export type Outcome<T> = OutcomeOf<T, Refusal>;

export function refused<T = never>(refusal: Refusal): Outcome<T> {
  return refusedWith<T, Refusal>(refusal);
}
