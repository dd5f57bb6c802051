import { KeywardenError } from '../../../../kernel/errors';
import type { KeyId } from '../../../../kernel/types';
import type {
  ApprovalOutcome,
  ApprovalRequest,
  ApprovalState,
  ExecutionLease,
  HistoryEntry,
  KeyStatusChange,
  MessageRef,
  OpenState,
} from '../approval';
import type { StepUpEvidence } from '../step-up';

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
  addApproval?: { by: string; at: Date; stepUp?: StepUpEvidence };
  outcome?: ApprovalOutcome;
  /** A lease to hold from now on; null gives the current one up. */
  lease?: ExecutionLease | null;
}

export interface TransitionConditions {
  /** The request must not have expired at this instant (writes that can approve). */
  requireUnexpiredAt?: Date;
  /**
   * The request must still hold this lease: the writes of its holder, and a take-over, which
   * names the lease it saw (with the version it saw, which every write names anyway).
   */
  requireLease?: string;
}

/**
 * The one item per key that names its open deletion request (see OpenRequestClaims). `requestId`
 * is absent once the request ended and released it.
 */
export interface KeyClaim {
  keyId: KeyId;
  requestId?: string;
  /** When it was claimed, by the claimer's clock: only to give a claimer time to write its request. */
  claimedAt: Date;
}

/**
 * Where approval requests live. Every write is one conditional write on the request's own item:
 * the condition names the state and version it leaves, and, for writes that can approve, that
 * the request has not expired (`now`), whatever a TTL sweep has done yet. A write whose answer
 * was lost and that the SDK sent again is recognised by its write id, never read as a lost race.
 */
export interface ApprovalStore {
  /**
   * Writes a new request. false: its id was voided first (voidRequest), because another requester
   * found the key's claim naming it and no request written; nothing was stored.
   */
  create(request: ApprovalRequest): Promise<boolean>;
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
  /**
   * Notes a status change of a pending request's key (KeyStatusChange), so its card can say it: one
   * conditional write (still PENDING), which neither needs nor bumps the version, since it touches
   * nothing a transition writes. The request as stored after it; undefined when no longer pending.
   */
  noteKeyStatus(id: string, change: KeyStatusChange): Promise<ApprovalRequest | undefined>;
  /** Requests in one open state, oldest first. */
  listByState(state: OpenState, limit?: number): Promise<ApprovalRequest[]>;
  /** The key's claim, read consistently; undefined: the key was never claimed. */
  keyClaim(keyId: KeyId): Promise<KeyClaim | undefined>;
  /**
   * Claims the key for a request: one conditional write that succeeds only on a free claim (none,
   * or released), or, with `replacing`, on a claim that still names that request. false: the claim
   * changed since it was read, and someone else holds it.
   */
  claimKey(keyId: KeyId, requestId: string, at: Date, replacing?: string): Promise<boolean>;
  /** Frees the key's claim if it still names this request (which has reached a final state). */
  releaseKey(keyId: KeyId, requestId: string, at: Date): Promise<void>;
  /**
   * Makes a request id that was claimed but never written unusable: one conditional write on the
   * request's own key, so a late create of it fails. true: voided (now or before); false: the
   * request exists after all.
   */
  voidRequest(requestId: string, at: Date): Promise<boolean>;
}
