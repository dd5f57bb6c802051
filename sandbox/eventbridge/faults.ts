import { FaultPlan } from '../query-api/fault-plan';

/** What the EventBridge stand-in can be told to do instead of taking a PutEvents call. */
export type EventBridgeFault =
  /** An HTTP 5xx with EventBridge's error body (InternalException 500, ServiceUnavailable 503). */
  | { kind: 'server-error'; status?: 500 | 503; times?: number }
  /** 400 ThrottlingException, "Rate exceeded", as PutEvents answers over its account quota. */
  | { kind: 'throttling'; times?: number }
  /** The connection is destroyed before any answer. */
  | { kind: 'connection-reset'; times?: number }
  /**
   * A 200 whose entries at these positions failed (FailedEntryCount, and an ErrorCode in their place):
   * the rest are taken.
   */
  | { kind: 'partial'; failed: number[]; code?: 'InternalFailure' | 'ThrottlingException'; times?: number };

export function eventBridgeFaultPlan(): FaultPlan<EventBridgeFault & { action?: string }> {
  return new FaultPlan<EventBridgeFault & { action?: string }>();
}
