import type { AccountRef } from '../../../../kernel/account-ref';
import type { IamUserName, KeyId, SlackUserId } from '../../../../kernel/types';

/**
 * Incident response on a key: an admin (or a stale-key report) turned it off, so only an admin may
 * turn it on again. State of its own, one record per key, so that no number of refused tries and
 * no lost audit event can lift it.
 */
export interface KeyHold extends AccountRef {
  keyId: KeyId;
  owner: IamUserName;
  /** Who deactivated the key under hold, and when: what the owner is told. `system`: an exposure incident. */
  by: SlackUserId | 'system';
  at: Date;
}

export interface KeyHolds {
  /**
   * Puts the key under hold. A hold already in place is kept as it is (the first responder stays
   * named). Throws (STORE_UNAVAILABLE) when the hold could not be stored.
   */
  place(hold: KeyHold): Promise<void>;
  /** The key's hold, read consistently; undefined when none is in place. Throws when unreadable. */
  get(keyId: KeyId): Promise<KeyHold | undefined>;
  /** An admin turned the key on: the hold is lifted. False when none was in place. */
  lift(keyId: KeyId, by: SlackUserId, at: Date): Promise<boolean>;
}
