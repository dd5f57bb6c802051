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
  /** IAM did not finish (or had no capacity to start) a credential report within the scan's bound. */
  | 'IAM_REPORT_NOT_READY'
  | 'IAM_UNCLEAR'
  | 'ACCOUNT_UNAVAILABLE'
  | 'STORE_UNAVAILABLE'
  | 'STORE_TABLE_MISSING'
  | 'STORE_CORRUPT'
  | 'STALE_TRANSITION'
  | 'RETRY_LATER'
  /** The identity provider (approvals.stepUp) did not answer, or answered with an error status. */
  | 'OIDC_UNAVAILABLE'
  /** The identity provider's answer failed a check: the sign-in does not count. */
  | 'OIDC_REJECTED'
  /** AWS Organizations could not be listed whole (denied, throttled past retries, down). */
  | 'ORGANIZATION_UNAVAILABLE'
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

/**
 * The stable code of anything thrown: ours (`KeywardenError`), the AWS SDK's and Slack's clients'
 * (`code` fields of their own); undefined when it carries none. The one place that reads it.
 */
export function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error;
  return typeof code === 'string' ? code : undefined;
}
