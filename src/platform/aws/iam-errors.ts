import { KeywardenError } from '../../kernel/errors';

/**
 * The one place SDK failures become domain errors. Matched by `name` (what the SDK sets from the
 * error code) rather than by class, because unmodelled codes such as Throttling and AccessDenied
 * arrive as the base IAMServiceException.
 */
export function toIamError(error: unknown, action: string): KeywardenError {
  if (error instanceof KeywardenError) return error;
  const name = (error as { name?: string } | undefined)?.name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  const say = (code: ConstructorParameters<typeof KeywardenError>[0], message: string) =>
    new KeywardenError(code, `IAM ${action}: ${message}`, { cause: error });

  switch (name) {
    case 'NoSuchEntity':
    case 'NoSuchEntityException':
      return say('IAM_NOT_FOUND', 'no such user or key');
    case 'LimitExceeded':
    case 'LimitExceededException':
      return say('IAM_LIMIT_EXCEEDED', 'limit exceeded');
    case 'Throttling':
    case 'ThrottlingException':
    case 'TooManyRequestsException':
    case 'RequestLimitExceeded':
      return say('IAM_THROTTLED', 'throttled');
    case 'AccessDenied':
    case 'AccessDeniedException':
    case 'UnauthorizedOperation':
    case 'InvalidClientTokenId':
    case 'SignatureDoesNotMatch':
    case 'ExpiredToken':
      return say('IAM_ACCESS_DENIED', 'access denied');
  }
  if (status === 429) return say('IAM_THROTTLED', 'throttled');
  if (status === 403) return say('IAM_ACCESS_DENIED', 'access denied');
  return say('IAM_UNAVAILABLE', `unavailable (${name || 'network error'})`);
}
