import { JsonApiError } from '../json-api/wire';

/** Organizations' errors for the calls the stand-in serves, with their HTTP statuses (AWS JSON 1.1). */
const ORGANIZATIONS_ERRORS = {
  AccessDeniedException: 400,
  AccountNotFoundException: 400,
  ChildNotFoundException: 400,
  ParentNotFoundException: 400,
  OrganizationalUnitNotFoundException: 400,
  TargetNotFoundException: 400,
  InvalidInputException: 400,
  TooManyRequestsException: 400,
  AWSOrganizationsNotInUseException: 400,
  UnknownOperationException: 400,
  SerializationException: 400,
  ServiceException: 500,
} as const satisfies Record<string, number>;

export type OrganizationsErrorCode = keyof typeof ORGANIZATIONS_ERRORS;

export class OrganizationsError extends JsonApiError {
  override name = 'OrganizationsError';
  declare readonly code: OrganizationsErrorCode;

  constructor(code: OrganizationsErrorCode, message: string) {
    super(ORGANIZATIONS_ERRORS[code], code, message);
  }
}
