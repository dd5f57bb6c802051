import { QueryApiError } from '../query-api/errors';

/** The IAM error codes this server answers with, each with IAM's own HTTP status and fault side. */
export const IAM_ERRORS = {
  Throttling: { status: 400, type: 'Sender' },
  ValidationError: { status: 400, type: 'Sender' },
  InvalidAction: { status: 400, type: 'Sender' },
  AccessDenied: { status: 403, type: 'Sender' },
  // Authentication, before any action: a key IAM does not know, or a session past its expiry.
  MissingAuthenticationToken: { status: 403, type: 'Sender' },
  InvalidClientTokenId: { status: 403, type: 'Sender' },
  ExpiredToken: { status: 403, type: 'Sender' },
  NoSuchEntity: { status: 404, type: 'Sender' },
  ReportInProgress: { status: 404, type: 'Sender' },
  LimitExceeded: { status: 409, type: 'Sender' },
  ReportNotPresent: { status: 410, type: 'Sender' },
  ReportExpired: { status: 410, type: 'Sender' },
  ServiceFailure: { status: 500, type: 'Receiver' },
  ServiceUnavailable: { status: 503, type: 'Receiver' },
} as const satisfies Record<string, { status: number; type: 'Sender' | 'Receiver' }>;

export type IamErrorCode = keyof typeof IAM_ERRORS;

/** An error that the server turns into IAM's `<ErrorResponse>`; anything else becomes ServiceFailure. */
export class IamError extends QueryApiError {
  override name = 'IamError';
  declare readonly code: IamErrorCode;

  constructor(code: IamErrorCode, message: string) {
    super(code, IAM_ERRORS[code].status, IAM_ERRORS[code].type, message);
  }
}

/** The messages below are IAM's own wording, so logs and tests read the same against both. */
export const noSuchUser = (userName: string): IamError =>
  new IamError('NoSuchEntity', `The user with name ${userName} cannot be found.`);

export const noSuchKey = (accessKeyId: string): IamError =>
  new IamError('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`);

export const keyQuotaExceeded = (quota: number): IamError =>
  new IamError('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${quota}`);

export const validation = (message: string): IamError => new IamError('ValidationError', message);

/** IAM's default messages for injected faults and rate limiting. */
export const DEFAULT_MESSAGES: Record<IamErrorCode, string> = {
  Throttling: 'Rate exceeded',
  ValidationError: 'Invalid request',
  InvalidAction: 'Could not find operation',
  AccessDenied: 'User is not authorized to perform this action',
  MissingAuthenticationToken: 'Request is missing Authentication Token',
  InvalidClientTokenId: 'The security token included in the request is invalid.',
  ExpiredToken: 'The security token included in the request is expired',
  NoSuchEntity: 'The entity cannot be found.',
  ReportInProgress: 'Report generation in progress.',
  LimitExceeded: 'Limit exceeded',
  ReportNotPresent: 'Credential report not present.',
  ReportExpired: 'Credential report expired.',
  ServiceFailure: 'An internal error occurred.',
  ServiceUnavailable: 'Service Unavailable',
};
