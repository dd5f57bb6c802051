import { QueryApiError } from '../query-api/errors';

/** The STS error codes this stand-in answers with, each with STS's HTTP status and fault side. */
export const STS_ERRORS = {
  AccessDenied: { status: 403, type: 'Sender' },
  MissingAuthenticationToken: { status: 403, type: 'Sender' },
  InvalidClientTokenId: { status: 403, type: 'Sender' },
  ExpiredToken: { status: 403, type: 'Sender' },
  ValidationError: { status: 400, type: 'Sender' },
  InvalidAction: { status: 400, type: 'Sender' },
  Throttling: { status: 400, type: 'Sender' },
  InternalFailure: { status: 500, type: 'Receiver' },
  ServiceUnavailable: { status: 503, type: 'Receiver' },
} as const satisfies Record<string, { status: number; type: 'Sender' | 'Receiver' }>;

export type StsErrorCode = keyof typeof STS_ERRORS;

export class StsError extends QueryApiError {
  override name = 'StsError';
  declare readonly code: StsErrorCode;

  constructor(code: StsErrorCode, message: string) {
    super(code, STS_ERRORS[code].status, STS_ERRORS[code].type, message);
  }
}

export const DEFAULT_MESSAGES: Record<StsErrorCode, string> = {
  AccessDenied: 'User is not authorized to perform this action',
  MissingAuthenticationToken: 'Request is missing Authentication Token',
  InvalidClientTokenId: 'The security token included in the request is invalid.',
  ExpiredToken: 'The security token included in the request is expired',
  ValidationError: 'Invalid request',
  InvalidAction: 'Could not find operation',
  Throttling: 'Rate exceeded',
  InternalFailure: 'An internal error has occurred',
  ServiceUnavailable: 'Service Unavailable',
};

/** STS's wording for a caller that may not assume a role: an unknown role, no trust, a wrong ExternalId. */
export function notAuthorizedToAssume(callerArn: string, roleArn: string): StsError {
  return new StsError(
    'AccessDenied',
    `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  );
}

/**
 * What emulators answer for an STS action they lack. 'InvalidAction' is the Query API's own "no such
 * operation" (400); 'NotImplemented' is LocalStack's form, InternalFailure with status 501.
 */
export type MissingActionStyle = 'InvalidAction' | 'NotImplemented';

export function actionMissing(action: string, style: MissingActionStyle): QueryApiError {
  if (style === 'InvalidAction') {
    return new StsError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
  }
  return new QueryApiError(
    'InternalFailure',
    501,
    'Receiver',
    `API action '${action}' for service 'sts' not yet implemented`,
  );
}
