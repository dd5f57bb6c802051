import { FaultPlan } from '../query-api/fault-plan';

export type SqsAction =
  | 'ReceiveMessage'
  | 'DeleteMessage'
  | 'DeleteMessageBatch'
  | 'ChangeMessageVisibility'
  | 'GetQueueUrl'
  | 'GetQueueAttributes'
  | 'SendMessage';

/** What the SQS stand-in can be told to do instead of taking a call. */
export interface SqsFault {
  /** server-error: 500 InternalError; throttling: 403 RequestThrottled; connection-reset: no answer. */
  kind: 'server-error' | 'throttling' | 'connection-reset';
  /** undefined: any action. */
  action?: SqsAction;
  /** How many matching requests fail; default 1. */
  times?: number;
}

export function sqsFaultPlan(): FaultPlan<SqsFault> {
  return new FaultPlan<SqsFault>();
}
