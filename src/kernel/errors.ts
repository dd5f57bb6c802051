/**
 * Exceptions are for the unexpected; expected failures travel as values (see keys/outcome.ts).
 * Each exception carries a stable code so the one error handler, the logs and the tests can
 * tell failures apart without matching on message text.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'IAM_NOT_FOUND'
  | 'IAM_LIMIT_EXCEEDED'
  | 'IAM_THROTTLED'
  | 'IAM_ACCESS_DENIED'
  | 'IAM_UNAVAILABLE'
  | 'IAM_UNCLEAR'
  | 'ACCOUNT_UNAVAILABLE'
  | 'STORE_UNAVAILABLE'
  | 'STORE_TABLE_MISSING'
  | 'STORE_CORRUPT'
  | 'STALE_TRANSITION'
  | 'RETRY_LATER'
  | 'UNEXPECTED';

export class KeywardenError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KeywardenError';
  }
}
