import type { AccessKey, IamUserName, KeyId, KeyStatus, LastUse } from './types';

/**
 * What the domain needs from IAM. Every method that changes a key names its owner: IAM acts on
 * the caller's own user when UserName is left out, and the caller is the bot (security rule 3).
 *
 * Implementations throw KeywardenError with an IAM_* code: IAM_NOT_FOUND, IAM_LIMIT_EXCEEDED,
 * IAM_THROTTLED, IAM_ACCESS_DENIED, IAM_UNAVAILABLE.
 */
export interface IamPort {
  listKeys(owner: IamUserName): Promise<AccessKey[]>;
  /** Resolves a key id to its owner, with its last use. */
  lastUse(keyId: KeyId): Promise<{ owner: IamUserName; lastUse: LastUse }>;
}
