import type { IamUserName, KeyId, SlackUserId } from '../../../kernel/types';
import type { AccountRef } from '../../../kernel/account-ref';
import type { Versioned, VersionedStore } from '../../../kernel/ports/versioned-store';

/**
 * Work a create could not finish and the sweep must: a key whose secret never reached anyone and
 * that could not be deleted at once, or an unclear CreateAccessKey whose follow-up check failed.
 * Stored, so a restart or another replica finishes it; never holds a secret.
 */
export type CleanupKind = 'delete-undelivered' | 'check-unclear-create';

export interface Cleanup extends Versioned<'OPEN' | 'DONE'>, AccountRef {
  kind: CleanupKind;
  owner: IamUserName;
  /** delete-undelivered: the key to delete. */
  keyId?: KeyId;
  /** check-unclear-create: the user's keys before the create, which are known and kept. */
  knownKeyIds?: KeyId[];
  askedBy: SlackUserId;
  createdAt: Date;
  attempts: number;
  /** How it ended, for the audit trail. */
  outcome?: string;
}

export interface CleanupStore extends VersionedStore<Cleanup> {
  /** Open cleanups, oldest first. */
  listOpen(limit?: number): Promise<Cleanup[]>;
}
