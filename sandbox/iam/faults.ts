import { FaultPlan } from '../query-api/fault-plan';

export interface Fault {
  /** undefined: any action. */
  action?: string;
  /** undefined: any account; otherwise only requests for that account, so one account can fail alone. */
  accountId?: string;
  /** undefined: no error; the request is only delayed (see delayMs). */
  code?:
    | 'Throttling'
    | 'ServiceFailure'
    | 'ServiceUnavailable'
    | 'AccessDenied'
    | 'NoSuchEntity'
    | 'LimitExceeded';
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Apply the action, then answer with the error: IAM made the key but the answer was lost. */
  afterApplying?: boolean;
  /** Destroy the socket instead of answering. */
  dropConnection?: boolean;
  /**
   * Answer this many milliseconds late. Alone, the action takes effect at once and only its answer
   * is late (a client with a shorter timeout gives up not knowing what happened); with a code or a
   * drop, the failure comes late.
   */
  delayMs?: number;
  /**
   * Answer in full (the action applied, a Content-Length for the whole answer), but reset the
   * connection after this many bytes of the body: a download cut half-way.
   */
  cutAfterBytes?: number;
}

/** Injected IAM faults, matched by action and, where a fault names one, by account. */
export function iamFaultPlan(): FaultPlan<Fault> {
  return new FaultPlan<Fault>(
    (fault, action, accountId) =>
      (fault.action === undefined || fault.action === action) &&
      (fault.accountId === undefined || fault.accountId === accountId),
  );
}
