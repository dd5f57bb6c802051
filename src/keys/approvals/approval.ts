import type { IamUserName, KeyId, KeyStatus, SlackUserId } from '../types';

/** PENDING -> APPROVED -> EXECUTED | FAILED, and PENDING -> REJECTED | EXPIRED. */
export type ApprovalState = 'PENDING' | 'APPROVED' | 'EXECUTED' | 'FAILED' | 'REJECTED' | 'EXPIRED';

export const OPEN_STATES: readonly ApprovalState[] = ['PENDING', 'APPROVED'];

export interface HistoryEntry {
  at: Date;
  by: SlackUserId | 'system';
  state: ApprovalState;
  note?: string;
}

export interface MessageRef {
  channel: string;
  ts: string;
}

/** What the requester saw of the key when asking, shown to approvers. */
export interface KeySnapshot {
  status: KeyStatus;
  createdAt: Date;
  lastUsedAt?: Date;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

export interface ApprovalRequest {
  id: string;
  state: ApprovalState;
  keyId: KeyId;
  owner: IamUserName;
  requestedBy: SlackUserId;
  reason?: string;
  createdAt: Date;
  expiresAt: Date;
  required: number;
  approvals: { by: SlackUserId; at: Date }[];
  history: HistoryEntry[];
  key: KeySnapshot;
  message?: MessageRef;
  /** Why a deletion failed, or who rejected; shown on the updated message. */
  outcome?: string;
  /** Bumped by every write; the condition of the next write names it. */
  version: number;
}

export function isExpired(request: ApprovalRequest, now: Date): boolean {
  return now.getTime() >= request.expiresAt.getTime();
}
