import type { Account } from '../../../../kernel/accounts';
import type { Snooze } from '../snooze';

/** Snoozes by key; the DynamoDB adapter keeps each account's in one partition. */
export interface SnoozeStore {
  /** Replaces any earlier snooze of the same key. */
  put(snooze: Snooze): Promise<void>;
  /**
   * Every snooze stored for the account, ended ones included (until the table tidies them): those
   * stored under its id, whatever it was called then, and those stored under its present name.
   */
  forAccount(account: Account): Promise<Snooze[]>;
}
