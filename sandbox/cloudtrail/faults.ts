import { FaultPlan } from '../query-api/fault-plan';

/** What the CloudTrail stand-in can be told to do instead of answering a LookupEvents call. */
export interface CloudTrailFault {
  /**
   * server-error: 500 InternalFailure; throttling: 400 ThrottlingException; access-denied: 400
   * AccessDeniedException (the role lacks cloudtrail:LookupEvents); connection-reset: no answer.
   */
  kind: 'server-error' | 'throttling' | 'connection-reset' | 'access-denied';
  /** undefined: any region; otherwise only requests signed for it, so one region can fail alone. */
  region?: string;
  /** How many matching requests fail; default 1. */
  times?: number;
}

export type CloudTrailOutage = 'server-error' | 'throttling' | 'connection-reset';

export function cloudTrailFaultPlan(): FaultPlan<CloudTrailFault> {
  return new FaultPlan<CloudTrailFault>(
    (fault, _action, region) => fault.region === undefined || fault.region === region,
  );
}
