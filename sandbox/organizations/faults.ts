import { FaultPlan } from '../query-api/fault-plan';

/** What the Organizations stand-in can be told to do instead of answering a call. */
export interface OrganizationsFault {
  /**
   * throttling: 400 TooManyRequestsException; server-error: 500 ServiceException; access-denied: 400
   * AccessDeniedException; connection-reset: no answer.
   */
  kind: 'throttling' | 'server-error' | 'access-denied' | 'connection-reset';
  /** undefined: any call; e.g. ListParents to fail only there. */
  action?: string;
  /** How many matching requests fail; default 1. */
  times?: number;
}

export type OrganizationsOutage = 'throttling' | 'server-error' | 'connection-reset';

export function organizationsFaultPlan(): FaultPlan<OrganizationsFault> {
  return new FaultPlan<OrganizationsFault>();
}
