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
  | 'STORE_UNAVAILABLE'
  | 'STORE_TABLE_MISSING'
  | 'SLACK_FAILED'
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

/** Turns anything thrown into a coded error at a boundary, keeping the original as `cause`. */
export function toKeywardenError(error: unknown): KeywardenError {
  if (error instanceof KeywardenError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new KeywardenError('UNEXPECTED', message, { cause: error });
}
