import { KeywardenError } from './errors';
import type { KernelRefusal as Refusal } from './outcome';

/**
 * Turns an expected IAM failure into a refusal a person can read; anything else is rethrown.
 * `notFound` says what "not found" meant in the call that failed: the user, or the key.
 */
export function iamRefusal(error: unknown, notFound: Refusal): Refusal {
  if (!(error instanceof KeywardenError)) throw error;
  switch (error.code) {
    case 'IAM_NOT_FOUND':
      return notFound;
    case 'IAM_THROTTLED':
      return { reason: 'iam-throttled' };
    case 'IAM_ACCESS_DENIED':
      return { reason: 'iam-denied' };
    case 'IAM_UNAVAILABLE':
    case 'IAM_REPORT_NOT_READY':
      return { reason: 'iam-unavailable' };
    case 'ACCOUNT_UNAVAILABLE':
      // The message is Keywarden's own ("account prod: the role cannot be assumed ...").
      return { reason: 'account-unavailable', why: error.message };
    default:
      throw error;
  }
}
