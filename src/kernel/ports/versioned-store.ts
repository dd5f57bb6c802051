/** A record whose every change names the state and version it leaves. */
export interface Versioned<S extends string> {
  id: string;
  state: S;
  version: number;
}

/**
 * Small records with a state machine of their own (invitations, rotations): created once,
 * then replaced whole by a write whose condition is the state and version it was read at.
 * `replace` resolves false when another writer got there first: single use, exactly once.
 */
export interface VersionedStore<T extends Versioned<string>> {
  create(record: T): Promise<void>;
  get(id: string): Promise<T | undefined>;
  replace(next: T, expected: { state: T['state']; version: number }): Promise<boolean>;
}
