import type { Cleanup, CleanupStore } from '../../../src/features/creation/domain/cleanup';
import type { Versioned, VersionedStore } from '../../../src/kernel/ports/versioned-store';
import { copy, Faults, storeUnavailable } from './faults';

export type VersionedMethod = 'create' | 'get' | 'replace' | 'listOpen';

/**
 * Invitations, rotations and cleanups in memory, as DynamoVersionedStore keeps them: created once
 * (a second create of the id fails), replaced whole only from the state and version the caller
 * names; a stale or missing record makes `replace` resolve false, never throw.
 */
export class MemoryVersionedStore<T extends Versioned<string>> implements VersionedStore<T> {
  readonly faults = new Faults<VersionedMethod>();
  protected readonly records = new Map<string, T>();
  /** Every successful write, in order: what a test of "exactly once" counts. */
  readonly writes: T[] = [];

  async create(record: T): Promise<void> {
    this.faults.check('create');
    if (this.records.has(record.id)) throw storeUnavailable();
    this.store(record);
  }

  async get(id: string): Promise<T | undefined> {
    this.faults.check('get');
    return this.peek(id);
  }

  async replace(next: T, expected: { state: T['state']; version: number }): Promise<boolean> {
    this.faults.check('replace');
    const current = this.records.get(next.id);
    if (!current || current.state !== expected.state || current.version !== expected.version) return false;
    this.store(next);
    return true;
  }

  peek(id: string): T | undefined {
    const record = this.records.get(id);
    return record && copy(record);
  }

  all(): T[] {
    return [...this.records.values()].map(copy);
  }

  private store(record: T): void {
    this.records.set(record.id, copy(record));
    this.writes.push(copy(record));
  }
}

/** Cleanups also answer "which are open", oldest first, as the store's index does. */
export class MemoryCleanupStore extends MemoryVersionedStore<Cleanup> implements CleanupStore {
  async listOpen(limit = 100): Promise<Cleanup[]> {
    this.faults.check('listOpen');
    return this.all()
      .filter((cleanup) => cleanup.state === 'OPEN')
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, limit);
  }
}
