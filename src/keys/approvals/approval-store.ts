import type { ApprovalRequest, ApprovalState, HistoryEntry, MessageRef } from './approval';

/** A write whose condition no longer held: someone else moved the request first. */
export class StaleTransitionError extends Error {
  constructor(
    readonly requestId: string,
    readonly current: ApprovalRequest | undefined,
    options?: { cause?: unknown },
  ) {
    super(`approval request ${requestId} changed before this write`, options);
    this.name = 'StaleTransitionError';
  }
}

export interface TransitionChange {
  /** The state it moves to (may equal the current one when only an approval is added). */
  to: ApprovalState;
  entry: HistoryEntry;
  addApproval?: { by: string; at: Date };
  outcome?: string;
}

/**
 * Where approval requests live. Every write is one conditional write on the request's own item:
 * the condition names the state and version it leaves, and, for writes that can approve, that
 * the request has not expired (`now`), whatever a TTL sweep has done yet.
 */
export interface ApprovalStore {
  create(request: ApprovalRequest): Promise<void>;
  get(id: string): Promise<ApprovalRequest | undefined>;
  /** Throws StaleTransitionError (with the current item) when the condition fails. */
  transition(
    request: ApprovalRequest,
    change: TransitionChange,
    options?: { requireUnexpiredAt?: Date },
  ): Promise<ApprovalRequest>;
  attachMessage(id: string, message: MessageRef): Promise<void>;
  /** Requests in one open state, oldest first. */
  listByState(state: 'PENDING' | 'APPROVED', limit?: number): Promise<ApprovalRequest[]>;
}
