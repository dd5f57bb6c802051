import { KeywardenError } from '../../kernel/errors';

/**
 * Whether a failure of a call to the identity provider means "it did not answer" (down, timed out,
 * a 5xx) rather than "it answered no". Judged by names and statuses along the cause chain, never
 * by instanceof: under jest, fetch's errors come from another realm than the test's TypeError.
 */
export function isUnreachable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 6; depth++) {
    if (typeof cause !== 'object') return false;
    const { name, status, cause: next } = cause as { name?: unknown; status?: unknown; cause?: unknown };
    if (name === 'TypeError' || name === 'TimeoutError' || name === 'AbortError') return true;
    if (typeof status === 'number' && status >= 500) return true;
    cause = next;
  }
  return false;
}

/** The provider could not be reached or failed (retry later); nothing it said was taken. */
export function oidcUnavailable(what: string, cause: unknown): KeywardenError {
  return new KeywardenError('OIDC_UNAVAILABLE', `the identity provider did not answer the ${what}`, {
    cause,
  });
}

/** The provider answered, and the answer does not hold (refused, or failed a check of openid-client's). */
export function oidcRejected(what: string, cause: unknown): KeywardenError {
  const code = (cause as { code?: unknown } | undefined)?.code;
  const why = typeof code === 'string' ? ` (${code})` : '';
  return new KeywardenError('OIDC_REJECTED', `the ${what} did not hold${why}`, { cause });
}
