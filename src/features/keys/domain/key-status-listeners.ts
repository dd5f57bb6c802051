import type { Account } from '../../../kernel/accounts';
import type { Logger } from '../../../kernel/logger';
import type { IamUserName, KeyId, KeyStatus, SlackUserId } from '../../../kernel/types';

/** A key whose status Keywarden just changed in IAM: who did it, and when. */
export interface KeyStatusChanged {
  owner: IamUserName;
  account: Account;
  keyId: KeyId;
  status: KeyStatus;
  /** The person whose click or command it was; 'system' for containment nobody clicked. */
  by: SlackUserId | 'system';
  at: Date;
}

export type KeyStatusListener = (change: KeyStatusChanged) => Promise<void>;

/**
 * Who wants to know when a key goes on or off (an open deletion request's card says whether the key
 * still works). A higher slice registers at its install; this slice names none of them. A listener
 * that fails is logged and never undoes or fails the change: IAM has already made it.
 */
export class KeyStatusListeners {
  private readonly listeners: KeyStatusListener[] = [];

  constructor(private readonly log: Logger) {}

  register(listener: KeyStatusListener): void {
    this.listeners.push(listener);
  }

  async tell(change: KeyStatusChanged): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(change);
      } catch (error) {
        this.log.warn({ err: error, keyId: change.keyId }, 'a key status listener failed');
      }
    }
  }
}
