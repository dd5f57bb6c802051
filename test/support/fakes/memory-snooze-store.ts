import type { Account } from '../../../src/kernel/accounts';
import { keyRefId, stableAccountId } from '../../../src/features/reports/domain/key-ref';
import type { SnoozeStore } from '../../../src/features/reports/domain/ports/snooze-store';
import type { Snooze } from '../../../src/features/reports/domain/snooze';
import { copy } from './faults';

/**
 * Snoozes in memory, as DynamoSnoozeStore keeps them: one per key, a later one replacing it, read
 * back by the account's id (whatever its name was) and by its present name.
 */
export class MemorySnoozeStore implements SnoozeStore {
  private readonly snoozes = new Map<string, Snooze>();

  async put(snooze: Snooze): Promise<void> {
    this.snoozes.set(keyRefId(snooze.key), copy(snooze));
  }

  async forAccount(account: Account): Promise<Snooze[]> {
    const id = stableAccountId(account);
    return [...this.snoozes.values()]
      .filter(({ key }) => (key.accountId ? key.accountId === id : key.account === account.name))
      .map(copy);
  }
}
