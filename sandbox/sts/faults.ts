import { FaultPlan } from '../query-api/fault-plan';

export interface StsFault {
  /** undefined: any action. */
  action?: 'AssumeRole' | 'GetAccessKeyInfo' | 'GetCallerIdentity';
  /** undefined: no error; the request is only delayed (see delayMs). */
  code?: 'AccessDenied' | 'Throttling' | 'InternalFailure' | 'ServiceUnavailable';
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Issue the credentials, then answer with the error: STS made a session nobody received. */
  afterApplying?: boolean;
  /** Destroy the socket instead of answering. */
  dropConnection?: boolean;
  /** Wait this long before acting and answering. */
  delayMs?: number;
}

export function stsFaultPlan(): FaultPlan<StsFault> {
  return new FaultPlan<StsFault>();
}
