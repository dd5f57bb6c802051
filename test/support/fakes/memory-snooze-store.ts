import { keyRefId } from '../../../src/features/reports/domain/key-ref';
import type { SnoozeStore } from '../../../src/features/reports/domain/ports/snooze-store';
import type { Snooze } from '../../../src/features/reports/domain/snooze';
import { copy } from './faults';

/** Snoozes in memory, as DynamoSnoozeStore keeps them: one per key, a later one replacing it. */
export class MemorySnoozeStore implements SnoozeStore {
  private readonly snoozes = new Map<string, Snooze>();

  async put(snooze: Snooze): Promise<void> {
    this.snoozes.set(keyRefId(snooze.key), copy(snooze));
  }

  async forAccount(account: string): Promise<Snooze[]> {
    return [...this.snoozes.values()].filter((snooze) => snooze.key.account === account).map(copy);
  }
}
