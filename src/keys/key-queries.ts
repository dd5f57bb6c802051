import { mayManage, type Actor } from './authorization';
import type { IamPort } from './ports/iam';
import { iamRefusal } from './iam-refusal';
import { done, refused, type Outcome } from './outcome';
import type { IamUserName, KeyId, KeyWithUse, LastUse } from './types';
import { mapConcurrent } from './map-concurrent';

/** Last-use lookups in flight at once for one user's keys (at most two today, more if AWS raises it). */
const LAST_USE_CONCURRENCY = 4;

export interface KeyListing {
  owner: IamUserName;
  keys: KeyWithUse[];
}

export interface KeyLastUseView {
  owner: IamUserName;
  keyId: KeyId;
  lastUse: LastUse;
}

/** The read side: listing keys and their last use, each checked against the asker's rights first. */
export class KeyQueries {
  constructor(private readonly iam: IamPort) {}

  async list(actor: Actor, owner: IamUserName): Promise<Outcome<KeyListing>> {
    if (!mayManage(actor, owner)) return refused({ reason: 'not-allowed' });
    try {
      const keys = await this.iam.listKeys(owner);
      const withUse = await mapConcurrent(keys, LAST_USE_CONCURRENCY, async (key) => ({
        ...key,
        lastUse: (await this.iam.lastUse(key.keyId)).lastUse,
      }));
      // IAM's own spelling of the name where it gave one (names ignore case).
      return done({
        owner: keys[0]?.owner ?? owner,
        keys: withUse.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()),
      });
    } catch (error) {
      return refused(iamRefusal(error, { reason: 'no-such-user', user: owner }));
    }
  }

  async lastUsed(actor: Actor, keyId: KeyId): Promise<Outcome<KeyLastUseView>> {
    try {
      // The key's owner decides who may see it, so resolve the owner before answering anything.
      const { owner, lastUse } = await this.iam.lastUse(keyId);
      if (!mayManage(actor, owner)) return refused({ reason: 'not-allowed' });
      return done({ owner, keyId, lastUse });
    } catch (error) {
      return refused(iamRefusal(error, { reason: 'no-such-key', keyId }));
    }
  }
}
