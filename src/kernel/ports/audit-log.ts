import type { PagePosition, Positioned } from '../page';
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
  | 'remind'
  | 'expire'
  | 'delete'
  | 'rotate'
  | 'report'
  /** `/keys audit export`: the whole trail of a period, as a file. */
  | 'export'
  | 'snooze'
  /** A leaked key's incident: received, duplicate, contained or not, card posted, owner told, refreshed. */
  | 'exposure'
  /** `/keys activity`: a key's CloudTrail read by hand (refusals are what is recorded). */
  | 'activity'
  /**
   * Reads refused: another person's keys (`/keys list`, `/keys last-used`) or the trail itself
   * (`/keys audit`). Only refusals are recorded: reads that are allowed are not news.
   */
  | 'list'
  | 'last-used'
  | 'audit'
  /** `/keys accounts` refused, and every refresh of the organization's accounts (by hand or scheduled). */
  | 'accounts';

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

/**
 * The trail one `/keys audit` reads: recent events, one IAM user's (in one account), or one key's.
 * A page button carries it (platform/slack/page-button.ts), so it is the kernel's.
 */
export type AuditTrail = { all: true } | { owner: IamUserName; account?: string } | { keyId: KeyId };

/** Which trail a page of `/keys audit` reads: everything recent, one IAM user's, or one key's. */
export type AuditScope = { all: true } | { owner: IamUserName } | { keyId: KeyId };

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
  /** Most recent first. */
  recent(query: AuditQuery): Promise<AuditEvent[]>;
}

/** The trail read as people page through it, or take it away whole (`/keys audit`, `audit export`). */
export interface AuditReader {
  /**
   * Up to `limit` events of one trail strictly after `from`, newest first (`forward`) or oldest first
   * (`backward`); fewer only when none remain. `all` reaches back a bounded number of days.
   */
  slice(
    scope: AuditScope,
    order: 'forward' | 'backward',
    from: PagePosition | undefined,
    limit: number,
  ): Promise<Positioned<AuditEvent>[]>;
  /** Every event since `since`, oldest first, a page at a time, so a long trail is never held whole. */
  since(since: Date): AsyncIterable<AuditEvent[]>;
}
