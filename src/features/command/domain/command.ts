import type { IamUserName, KeyId, SlackUserId } from '../../../kernel/types';

/** What people ask of Keywarden, typed: the Slack layer parses the text (slack/parse-keys-command.ts). */
/** Someone named either by IAM user name or by a Slack person, whom identity resolves later. */
export type UserRef = ({ iamUser: IamUserName } | { slackUser: SlackUserId }) & {
  /** `USER@ACCOUNT`: the managed account named; absent, the default (first) account. */
  account?: string;
};

export type KeysCommand =
  | { kind: 'help' }
  | { kind: 'list'; user?: UserRef }
  | { kind: 'last-used'; keyId: KeyId }
  | { kind: 'create'; user?: UserRef }
  | { kind: 'activate'; keyId: KeyId }
  | { kind: 'deactivate'; keyId: KeyId }
  | { kind: 'delete'; keyId: KeyId; reason?: string }
  | { kind: 'rotate'; user?: UserRef }
  | { kind: 'stale' }
  | { kind: 'approvals' }
  | { kind: 'audit'; target?: UserRef | { keyId: KeyId } }
  /** `/keys audit export [DAYS]`: the trail of the last DAYS days as a file. */
  | { kind: 'audit-export'; days: number }
  /** `/keys exposed KEY_ID [reason]`: the leaked-key response, started by hand (admins). */
  | { kind: 'exposed'; keyId: KeyId; reason?: string }
  /** `/keys activity KEY_ID [DAYS]`: the key's CloudTrail summary, without an incident (admins). */
  | { kind: 'activity'; keyId: KeyId; days?: number }
  /** `/keys accounts`: every managed account, its OU path, reachability and last report (admins). */
  | { kind: 'accounts' }
  /** `/keys accounts refresh`: the organization listed now, and what changed (admins). */
  | { kind: 'accounts-refresh' };

export type CommandKind = KeysCommand['kind'];

/** A deletion reason's limit, part of the one rule for text people type. */
export { MAX_REASON_LENGTH } from '../../../kernel/user-text';
