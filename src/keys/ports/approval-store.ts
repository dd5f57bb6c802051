import { KeywardenError } from '../../errors';
import type {
  ApprovalOutcome,
  ApprovalRequest,
  ApprovalState,
  ExecutionLease,
  HistoryEntry,
  MessageRef,
  OpenState,
} from '../approvals/approval';

/** A write whose condition no longer held: someone else moved the request first. */
export class StaleTransitionError extends KeywardenError {
  constructor(
    readonly requestId: string,
    readonly current: ApprovalRequest | undefined,
    options?: { cause?: unknown },
  ) {
    super('STALE_TRANSITION', `approval request ${requestId} changed before this write`, options);
    this.name = 'StaleTransitionError';
  }
}

export interface TransitionChange {
  /** The state it moves to (may equal the current one when only an approval is added). */
  to: ApprovalState;
  /** Appended to the history; the store gives it a fresh `writeId` when it has none. */
  entry: HistoryEntry;
  addApproval?: { by: string; at: Date };
  outcome?: ApprovalOutcome;
  /** A lease to hold from now on; null gives the current one up. */
  lease?: ExecutionLease | null;
}

export interface TransitionConditions {
  /** The request must not have expired at this instant (writes that can approve). */
  requireUnexpiredAt?: Date;
  /** The request must still hold this lease (writes of its holder). */
  requireLease?: string;
  /** The request's current lease must have run out by this instant (a take-over). */
  requireLeaseExpiredAt?: Date;
}

/**
 * Where approval requests live. Every write is one conditional write on the request's own item:
 * the condition names the state and version it leaves, and, for writes that can approve, that
 * the request has not expired (`now`), whatever a TTL sweep has done yet. A write whose answer
 * was lost and that the SDK sent again is recognised by its write id, never read as a lost race.
 */
export interface ApprovalStore {
  create(request: ApprovalRequest): Promise<void>;
  get(id: string): Promise<ApprovalRequest | undefined>;
  /** Throws StaleTransitionError (with the current item) when the condition fails. */
  transition(
    request: ApprovalRequest,
    change: TransitionChange,
    conditions?: TransitionConditions,
  ): Promise<ApprovalRequest>;
  attachMessage(id: string, message: MessageRef): Promise<void>;
  /**
   * Claims a reminder of a pending request: one conditional write naming the previous reminder's
   * time (none: never reminded), so with several replicas exactly one sends each reminder.
   */
  claimReminder(id: string, previous: Date | undefined, at: Date): Promise<boolean>;
  /** Requests in one open state, oldest first. */
  listByState(state: OpenState, limit?: number): Promise<ApprovalRequest[]>;
}
