import type { SecretValue } from '../secret';
import type { AccessKey, IamUserName, KeyId, KeyStatus, LastUse } from '../types';

export interface NewKey {
  key: AccessKey;
  secret: SecretValue;
}

/**
 * What the domain needs from IAM. Every method that changes a key names its owner: IAM acts on
 * the caller's own user when UserName is left out, and the caller is the bot (security rule 3).
 *
 * Implementations throw KeywardenError with an IAM_* code: IAM_NOT_FOUND, IAM_LIMIT_EXCEEDED,
 * IAM_THROTTLED, IAM_ACCESS_DENIED, IAM_UNAVAILABLE, and IAM_UNCLEAR when a create may or may not
 * have happened.
 */
export interface IamPort {
  listKeys(owner: IamUserName): Promise<AccessKey[]>;
  /** Resolves a key id to its owner, with its last use. */
  lastUse(keyId: KeyId): Promise<{ owner: IamUserName; lastUse: LastUse }>;
  /** Sent once, never retried: a retry after a lost answer would make a key nobody sees. */
  createKey(owner: IamUserName): Promise<NewKey>;
  setStatus(owner: IamUserName, keyId: KeyId, status: KeyStatus): Promise<void>;
  deleteKey(owner: IamUserName, keyId: KeyId): Promise<void>;
}
