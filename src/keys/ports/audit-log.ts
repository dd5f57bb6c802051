import type { IamUserName, KeyId, SlackUserId } from '../types';

export type AuditAction =
  | 'create'
  | 'deliver'
  | 'rollback'
  | 'invite'
  | 'activate'
  | 'deactivate'
  | 'request-deletion'
  | 'approve'
  | 'reject'
  | 'withdraw'
  | 'expire'
  | 'delete'
  | 'rotate'
  | 'report'
  | 'snooze';

/** Refused attempts are recorded too: they are what a security review looks for first. */
export type AuditOutcome = 'ok' | 'refused' | 'failed';

/** One thing someone did, or tried to do. Never a secret. */
export interface AuditEvent {
  at: Date;
  /** A Slack user, or 'system' for sweeps and schedules. */
  actor: SlackUserId | 'system';
  action: AuditAction;
  outcome: AuditOutcome;
  owner?: IamUserName;
  /** The managed account's name, for events about an account's users and keys. */
  account?: string;
  keyId?: KeyId;
  requestId?: string;
  /** Why it was refused or failed, or a short note; never a secret. */
  detail?: string;
}

export interface AuditQuery {
  owner?: IamUserName;
  /** The managed account's name, for events about an account's users and keys. */
  account?: string;
  keyId?: KeyId;
  limit: number;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
  /** Most recent first. */
  recent(query: AuditQuery): Promise<AuditEvent[]>;
}
