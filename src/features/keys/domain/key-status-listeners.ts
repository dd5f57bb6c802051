import type { Account } from '../../../kernel/accounts';
import { Listeners, type Listener } from '../../../kernel/listeners';
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

export type KeyStatusListener = Listener<KeyStatusChanged>;

/**
 * Who wants to know when a key goes on or off (an open deletion request's card says whether the key
 * still works). A listener that fails never undoes or fails the change: IAM has already made it.
 */
export class KeyStatusListeners extends Listeners<KeyStatusChanged> {
  constructor(log: Logger) {
    super(log, { message: 'a key status listener failed', about: (change) => ({ keyId: change.keyId }) });
  }
}
