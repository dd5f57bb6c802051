import type { KeywardenError } from '../../../kernel/errors';

/** Why a read for the incident card failed, in the card's three words. */
export type LookupFailure = 'throttled' | 'denied' | 'unavailable';

/** From the codes toIamError gives (it reads any AWS service's throttling and access errors by name). */
export function failureOf(error: KeywardenError): LookupFailure {
  if (error.code === 'IAM_THROTTLED') return 'throttled';
  if (error.code === 'IAM_ACCESS_DENIED') return 'denied';
  return 'unavailable';
}
