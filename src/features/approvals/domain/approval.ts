import type { IamUserName, KeyId, KeyStatus, SlackUserId } from '../../../kernel/types';
import type { MessageRef } from '../../../kernel/message-ref';
import type { StepUpEvidence } from './step-up';

/**
 * PENDING -> APPROVED -> EXECUTING -> EXECUTED | FAILED, and PENDING -> REJECTED | EXPIRED | WITHDRAWN.
 * EXECUTING carries a lease: only its holder calls DeleteAccessKey (EXECUTING -> APPROVED gives it back).
 * An approval click on a request whose account is no longer managed moves it PENDING -> FAILED.
 */
export type ApprovalState =
  | 'PENDING'
  | 'APPROVED'
  | 'EXECUTING'
  | 'EXECUTED'
  | 'FAILED'
  | 'REJECTED'
  | 'EXPIRED'
  /** The requester took it back before anyone decided. */
  | 'WITHDRAWN';

/** States a request can still leave; each is listed by the store's sparse index. */
export type OpenState = 'PENDING' | 'APPROVED' | 'EXECUTING';
export const OPEN_STATES: readonly OpenState[] = ['PENDING', 'APPROVED', 'EXECUTING'];

export type Decider = SlackUserId | 'system';

export interface HistoryEntry {
  at: Date;
  by: Decider;
  state: ApprovalState;
  note?: string;
  /** An approval given after a step-up at the identity provider: what that sign-in showed. */
  stepUp?: StepUpEvidence;
  /** Unique per write: lets a writer recognise its own write after a retried, lost answer. */
  writeId?: string;
}

/** A request's message is a kernel MessageRef; named here too for the slice's own files. */
export type { MessageRef };

/** What the requester saw of the key when asking, shown to approvers. */
export interface KeySnapshot {
  status: KeyStatus;
  createdAt: Date;
  lastUsedAt?: Date;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

/** A status change of the request's key, made through Keywarden after the request was asked. */
export interface KeyStatusChange {
  status: KeyStatus;
  at: Date;
  by: Decider;
}

/** Who holds the right to call DeleteAccessKey, and until when. */
export interface ExecutionLease {
  /** The write id of the write that took the lease; every write of the holder names it. */
  id: string;
  /** The replica (process) that took it. */
  replica: string;
  /** Whose decision it carries out: the approver whose click took it, or 'system'. */
  by: Decider;
  /**
   * When the holder expects to be done, by the holder's own clock: for people reading the record.
   * No other replica judges it by its clock (see LeaseWatch); renewing the lease moves it.
   */
  expiresAt: Date;
}

/**
 * How a request ended (or, `deferred`, why it waits), as data: the builders render `by` as a
 * mention and escape the rest. Never Slack markup, so nothing stored needs to be trusted as markup.
 */
export type OutcomeKind =
  | 'deleted'
  | 'already-gone'
  | 'deletion-failed'
  | 'two-person-rule-violated'
  /** The request's account is no longer managed: refused, never carried out in another account. */
  | 'account-not-managed'
  /** Not an end: IAM did not answer, the request is APPROVED again and the sweep retries it. */
  | 'deferred'
  | 'rejected'
  | 'withdrawn'
  | 'expired';

export interface ApprovalOutcome {
  kind: OutcomeKind;
  by: Decider;
  /** A short plain-text reason, e.g. why IAM refused. */
  detail?: string;
}

export interface ApprovalRequest {
  id: string;
  /**
   * The managed account's policy name when asked; absent on requests from before accounts (the
   * default account). Resolved with managedAccountOf (account-ref.ts), never by falling back.
   */
  account?: string;
  /** The account's twelve digits where known when asked: what still names it after a rename. */
  accountId?: string;
  state: ApprovalState;
  keyId: KeyId;
  owner: IamUserName;
  requestedBy: SlackUserId;
  reason?: string;
  createdAt: Date;
  expiresAt: Date;
  /** What the policy asked when the request was made, for the message; deletions ask the policy in force. */
  required: number;
  approvals: { by: SlackUserId; at: Date; stepUp?: StepUpEvidence }[];
  history: HistoryEntry[];
  key: KeySnapshot;
  message?: MessageRef;
  /** When approvers were last reminded of it (remindAfterHours); absent: never. */
  remindedAt?: Date;
  /**
   * The key's status as Keywarden last changed it while the request was pending ("Deactivate now"
   * clicked after asking): the card says it in place of the warning that the key still works.
   */
  keyStatusChange?: KeyStatusChange;
  /** Set while EXECUTING (and kept afterwards, for the record of who deleted). */
  lease?: ExecutionLease;
  outcome?: ApprovalOutcome;
  /** Bumped by every write; the condition of the next write names it. */
  version: number;
}

export function isExpired(request: ApprovalRequest, now: Date): boolean {
  return now.getTime() >= request.expiresAt.getTime();
}
