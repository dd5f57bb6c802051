import {
  refused as refusedWith,
  type KernelRefusal,
  type Outcome as OutcomeOf,
} from '../../../kernel/outcome';

import type { KeysRefusal } from '../../keys/domain';
import type { KeyId } from '../../../kernel/types';

export { done } from '../../../kernel/outcome';

/** The refusals only the exposure response gives. */
export type ExposureRefusal =
  /** The policy has no `exposure.channel`: there is nowhere to run an incident. */
  | { reason: 'exposure-not-configured' }
  /** A button or modal named a key with no incident. */
  | { reason: 'no-incident' }
  /**
   * approvals.stepUp.for names reactivate-exposed: this incident's key goes on only after the
   * admin signs in again; the Slack layer answers with the way to verify, bound to this incident.
   */
  | { reason: 'reactivation-step-up-required'; keyId: KeyId; incidentOpenedAt: Date };

/** Re-activating passes on the keys slice's refusals. */
export type Refusal = KernelRefusal | KeysRefusal | ExposureRefusal;
export type Outcome<T> = OutcomeOf<T, Refusal>;

export function refused<T = never>(refusal: Refusal): Outcome<T> {
  return refusedWith<T, Refusal>(refusal);
}
