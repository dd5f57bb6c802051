import { JsonApiError } from '../json-api/wire';

/** CloudTrail's errors for LookupEvents, with their HTTP statuses (AWS JSON 1.1: `__type` is the code). */
const CLOUDTRAIL_ERRORS = {
  InvalidLookupAttributesException: 400,
  InvalidTimeRangeException: 400,
  InvalidMaxResultsException: 400,
  InvalidNextTokenException: 400,
  InvalidEventCategoryException: 400,
  ThrottlingException: 400,
  AccessDeniedException: 400,
  UnknownOperationException: 400,
  SerializationException: 400,
  InternalFailure: 500,
} as const satisfies Record<string, number>;

export type CloudTrailErrorCode = keyof typeof CLOUDTRAIL_ERRORS;

export class CloudTrailError extends JsonApiError {
  override name = 'CloudTrailError';
  declare readonly code: CloudTrailErrorCode;

  constructor(code: CloudTrailErrorCode, message: string) {
    super(CLOUDTRAIL_ERRORS[code], code, message);
  }
}
