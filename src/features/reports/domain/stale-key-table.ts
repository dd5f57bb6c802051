import type { StaleKey, StaleReason } from './classify';
import { ColumnDictionary, NONE } from '../../../kernel/key-facts/column-dictionary';
import { keyFactsOf, STATUSES } from '../../../kernel/key-facts/key-fact-cells';
import type { Snooze } from './snooze';
import type { IamUserName, KeyId } from '../../../kernel/types';

/**
 * A report's stale keys, worst first: what the blocks, the CSV and the nudges read. A plain
 * `StaleKey[]` is one; a report built from scans holds a `StaleKeyTable`.
 */
export interface StaleKeys extends Iterable<StaleKey> {
  readonly length: number;
  at(index: number): StaleKey | undefined;
  slice(start?: number, end?: number): StaleKey[];
}

/** Every field of a StaleKey, so that a field added to it and not to the table fails to compile. */
const FIELDS: Record<keyof StaleKey, true> = {
  owner: true,
  account: true,
  slot: true,
  keyId: true,
  status: true,
  createdAt: true,
  lastUse: true,
  reasons: true,
  snooze: true,
};
void FIELDS;

/** The dictionaries one table (and every table made from it) shares. */
class Dictionaries {
  readonly accounts = new ColumnDictionary<string>((text) => text);
  readonly names = new ColumnDictionary<string>((text) => text);
  // Keys with the same findings share one array, as classify already makes them.
  readonly reasons = new ColumnDictionary<StaleReason[]>((reasons) => reasons.join());
}

const COLUMN_NAMES = [
  'account',
  'slot',
  'status',
  'createdAt',
  'lastUsedAt',
  'service',
  'region',
  'reasons',
] as const;

interface Columns {
  account: Uint16Array;
  slot: Uint8Array;
  status: Uint8Array;
  createdAt: Float64Array;
  /** NaN where the key was never used (or IAM has no date for it). */
  lastUsedAt: Float64Array;
  service: Uint16Array;
  region: Uint16Array;
  reasons: Uint16Array;
}

function emptyColumns(length: number): Columns {
  return {
    account: new Uint16Array(length),
    slot: new Uint8Array(length),
    status: new Uint8Array(length),
    createdAt: new Float64Array(length),
    lastUsedAt: new Float64Array(length),
    service: new Uint16Array(length),
    region: new Uint16Array(length),
    reasons: new Uint16Array(length),
  };
}

/**
 * Stale keys as columns, not objects: an organization's report keeps every stale key until it is
 * sent (90,120 in bench:org), and as objects each cost about 380 bytes (two Dates, a lastUse object,
 * the key itself); here about 30 bytes and the owner's name. `at`, `slice` and iteration make the
 * StaleKey objects when they are read, so readers see what they saw before.
 *
 * Written by hand: no library keeps typed-array columns of objects with shared dictionaries.
 * KeyFactsTable does the same for a scan's keys while the scan runs.
 */
export class StaleKeyTable implements StaleKeys {
  readonly length: number;

  /** Made by StaleKeyTableBuilder, and by the table's own copies. */
  constructor(
    private readonly dictionaries: Dictionaries,
    private readonly owners: readonly IamUserName[],
    private readonly columns: Columns,
    /** Listing scans know key ids, credential reports never: sparse, so empty for the latter. */
    private readonly keyIds: ReadonlyMap<number, KeyId>,
    private readonly snoozes: ReadonlyMap<number, Snooze>,
  ) {
    this.length = owners.length;
  }

  /** The table of `keys`, in their order; a table is returned as it is. */
  static from(keys: StaleKeys): StaleKeyTable {
    return keys instanceof StaleKeyTable ? keys : StaleKeyTable.concat([keys]);
  }

  /** One table of all the lists' keys, in the order given. */
  static concat(lists: readonly StaleKeys[]): StaleKeyTable {
    const builder = new StaleKeyTableBuilder(lists.reduce((sum, list) => sum + list.length, 0));
    for (const list of lists) for (const key of list) builder.push(key);
    return builder.build();
  }

  /** The same keys with these snoozes (by row) added to those they had. */
  withSnoozes(snoozes: ReadonlyMap<number, Snooze>): StaleKeyTable {
    if (snoozes.size === 0) return this;
    const merged = new Map([...this.snoozes, ...snoozes]);
    return new StaleKeyTable(this.dictionaries, this.owners, this.columns, this.keyIds, merged);
  }

  /** The same keys with these key ids (by row) added: those looked up for the rows people act on. */
  withKeyIds(keyIds: ReadonlyMap<number, KeyId>): StaleKeyTable {
    if (keyIds.size === 0) return this;
    const merged = new Map([...this.keyIds, ...keyIds]);
    return new StaleKeyTable(this.dictionaries, this.owners, this.columns, merged, this.snoozes);
  }

  /**
   * A copy worst first, as classify's `worstFirst` orders keys (idle the longest, then the oldest,
   * then by name; a stable sort), read from the columns: making 90,120 keys to compare them would
   * cost more than the table saves.
   */
  worstFirst(): StaleKeyTable {
    const { columns, owners } = this;
    const idle = (row: number) => {
      const used = columns.lastUsedAt[row]!;
      return Number.isNaN(used) ? columns.createdAt[row]! : used;
    };
    const order = Uint32Array.from({ length: this.length }, (_value, row) => row).sort(
      (a, b) =>
        idle(a) - idle(b) ||
        columns.createdAt[a]! - columns.createdAt[b]! ||
        (owners[a]! < owners[b]! ? -1 : owners[a]! > owners[b]! ? 1 : 0) ||
        a - b,
    );
    const permuted = emptyColumns(this.length);
    const sortedOwners: IamUserName[] = [];
    const keyIds = new Map<number, KeyId>();
    const snoozes = new Map<number, Snooze>();
    order.forEach((from, to) => {
      sortedOwners.push(owners[from]!);
      for (const name of COLUMN_NAMES) permuted[name][to] = columns[name][from]!;
      const keyId = this.keyIds.get(from);
      if (keyId !== undefined) keyIds.set(to, keyId);
      const snooze = this.snoozes.get(from);
      if (snooze !== undefined) snoozes.set(to, snooze);
    });
    return new StaleKeyTable(this.dictionaries, sortedOwners, permuted, keyIds, snoozes);
  }

  at(index: number): StaleKey | undefined {
    const row = index < 0 ? this.length + index : index;
    if (!Number.isInteger(row) || row < 0 || row >= this.length) return undefined;
    return this.key(row);
  }

  slice(start = 0, end = this.length): StaleKey[] {
    const keys: StaleKey[] = [];
    for (let row = bound(start, this.length); row < bound(end, this.length); row++) {
      keys.push(this.key(row));
    }
    return keys;
  }

  *[Symbol.iterator](): Iterator<StaleKey> {
    for (let row = 0; row < this.length; row++) yield this.key(row);
  }

  /** Only the fields a key had are set, so a key read back is deep-equal to the one stored. */
  private key(row: number): StaleKey {
    const { columns, dictionaries } = this;
    const key = keyFactsOf({
      owner: this.owners[row]!,
      status: columns.status[row]!,
      createdAt: columns.createdAt[row]!,
      account: dictionaries.accounts.values[columns.account[row]!],
      slot: columns.slot[row]!,
      keyId: this.keyIds.get(row),
      lastUsedAt: columns.lastUsedAt[row]!,
      service: dictionaries.names.values[columns.service[row]!],
      region: dictionaries.names.values[columns.region[row]!],
    }) as StaleKey;
    key.reasons = dictionaries.reasons.values[columns.reasons[row]!]!;
    const snooze = this.snoozes.get(row);
    if (snooze !== undefined) key.snooze = snooze;
    return key;
  }
}

/** Array.prototype.slice's reading of a bound: negative from the end, clamped to the length. */
function bound(value: number, length: number): number {
  const whole = Math.trunc(value) || 0;
  return whole < 0 ? Math.max(length + whole, 0) : Math.min(whole, length);
}

/**
 * Writes keys into a table's columns one at a time, so that a key need not outlive its own push:
 * classify hands each stale key here as it finds it, and no account's stale keys wait as objects
 * for a sort (see `worstFirst`). `capacity`: at most that many keys (a scan's key count).
 */
export class StaleKeyTableBuilder {
  private readonly dictionaries = new Dictionaries();
  private readonly owners: IamUserName[] = [];
  private readonly columns: Columns;
  private readonly keyIds = new Map<number, KeyId>();
  private readonly snoozes = new Map<number, Snooze>();

  constructor(private readonly capacity: number) {
    this.columns = emptyColumns(capacity);
  }

  push(key: StaleKey): void {
    const row = this.owners.length;
    if (row >= this.capacity) throw new RangeError(`more stale keys than the ${this.capacity} expected`);
    const { columns, dictionaries } = this;
    this.owners.push(key.owner);
    columns.account[row] = dictionaries.accounts.code(key.account);
    columns.slot[row] = key.slot ?? NONE;
    columns.status[row] = STATUSES.indexOf(key.status);
    columns.createdAt[row] = key.createdAt.getTime();
    columns.lastUsedAt[row] = key.lastUse.at?.getTime() ?? Number.NaN;
    columns.service[row] = dictionaries.names.code(key.lastUse.service);
    columns.region[row] = dictionaries.names.code(key.lastUse.region);
    columns.reasons[row] = dictionaries.reasons.code(key.reasons);
    if (key.keyId !== undefined) this.keyIds.set(row, key.keyId);
    if (key.snooze !== undefined) this.snoozes.set(row, key.snooze);
  }

  /** The table of the keys pushed, its columns cut to their number. */
  build(): StaleKeyTable {
    const length = this.owners.length;
    // A copy only when the scan had keys that were not stale, so that the spare rows are let go.
    const fit = <T extends Uint8Array | Uint16Array | Float64Array>(column: T): T =>
      (length === this.capacity ? column : column.slice(0, length)) as T;
    const { columns } = this;
    const cut: Columns = {
      account: fit(columns.account),
      slot: fit(columns.slot),
      status: fit(columns.status),
      createdAt: fit(columns.createdAt),
      lastUsedAt: fit(columns.lastUsedAt),
      service: fit(columns.service),
      region: fit(columns.region),
      reasons: fit(columns.reasons),
    };
    return new StaleKeyTable(this.dictionaries, this.owners, cut, this.keyIds, this.snoozes);
  }
}
