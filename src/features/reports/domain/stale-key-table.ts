import type { StaleKey } from './classify';
import { NONE, type ColumnDictionary } from '../../../kernel/key-facts/column-dictionary';
import { keyFactsOf, STATUSES } from '../../../kernel/key-facts/key-fact-cells';
import type { Snooze } from './snooze';
import type { IamUserName, KeyId } from '../../../kernel/types';
import { PackedNames, PackedNamesWriter } from './packed-names';
import { mergeRuns } from './merge-runs';
import {
  COLUMN_NAMES,
  Dictionaries,
  dictionaryOf,
  emptyColumns,
  type CodedColumn,
  type Columns,
} from './stale-key-columns';

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
    /** The owners' names, as bytes (packed-names.ts): strings, they were most of the table's heap. */
    private readonly owners: PackedNames,
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
    if (lists.every((list) => list instanceof StaleKeyTable)) return StaleKeyTable.merge(lists, 'as-given');
    const builder = new StaleKeyTableBuilder(lists.reduce((sum, list) => sum + list.length, 0));
    for (const list of lists) for (const key of list) builder.push(key);
    return builder.build();
  }

  /**
   * The tables as one, column by column, each table's rows in its order: in the order given, or
   * (`worstFirst`) merged worst first, ties in the order given, as a stable sort of their
   * concatenation would put them. An organization's 500 accounts' stale keys are merged without an
   * object a key (the per-key way allocated 61 MB for 449,328 keys) and without a second copy.
   */
  private static merge(tables: readonly StaleKeyTable[], order: 'as-given' | 'worst-first'): StaleKeyTable {
    const parts = order === 'worst-first' ? tables.map((table) => table.sortedWorstFirst()) : tables;
    const length = parts.reduce((sum, table) => sum + table.length, 0);
    const dictionaries = new Dictionaries();
    const columns = emptyColumns(length);
    const owners = new PackedNamesWriter(
      length,
      parts.reduce((sum, table) => sum + table.owners.byteLength, 0),
    );
    const keyIds = new Map<number, KeyId>();
    const snoozes = new Map<number, Snooze>();
    const codes = parts.map((part) => part.codesIn(dictionaries));
    let to = 0;
    const copy = (p: number, row: number) => {
      const part = parts[p]!;
      part.owners.copyTo(owners, row);
      for (const name of COLUMN_NAMES) {
        const value = part.columns[name][row]!;
        const recode = codes[p]![name as CodedColumn];
        columns[name][to] = recode ? recode[value]! : value;
      }
      const keyId = part.keyIds.get(row);
      if (keyId !== undefined) keyIds.set(to, keyId);
      const snooze = part.snoozes.get(row);
      if (snooze !== undefined) snoozes.set(to, snooze);
      to++;
    };
    if (order === 'as-given') {
      parts.forEach((part, p) => {
        for (let row = 0; row < part.length; row++) copy(p, row);
      });
    } else {
      mergeRuns(
        parts.map((part) => part.length),
        (p, i, q, j) => StaleKeyTable.compareRows(parts[p]!, i, parts[q]!, j) || p - q,
        copy,
      );
    }
    return new StaleKeyTable(dictionaries, owners.build(), columns, keyIds, snoozes);
  }

  /** classify's worstFirst on two rows, read from the columns. */
  private static compareRows(a: StaleKeyTable, i: number, b: StaleKeyTable, j: number): number {
    const byTime = a.idleSince(i) - b.idleSince(j) || a.columns.createdAt[i]! - b.columns.createdAt[j]!;
    if (byTime !== 0) return byTime;
    return a.owners.compare(i, b.owners, j);
  }

  private idleSince(row: number): number {
    const used = this.columns.lastUsedAt[row]!;
    return Number.isNaN(used) ? this.columns.createdAt[row]! : used;
  }

  /** This table when its rows are already worst first (as a scan's are), else a sorted copy. */
  private sortedWorstFirst(): StaleKeyTable {
    for (let row = 1; row < this.length; row++) {
      if (StaleKeyTable.compareRows(this, row - 1, this, row) > 0) return this.worstFirst();
    }
    return this;
  }

  /** This table's dictionary codes as codes of `dictionaries`, column by column. */
  private codesIn(dictionaries: Dictionaries): Record<CodedColumn, Uint16Array> {
    const recode = (name: CodedColumn) => {
      const from = this.dictionaries[dictionaryOf[name]] as ColumnDictionary<unknown>;
      const to = dictionaries[dictionaryOf[name]] as ColumnDictionary<unknown>;
      return Uint16Array.from(from.values, (value) => to.code(value));
    };
    return {
      account: recode('account'),
      service: recode('service'),
      region: recode('region'),
      reasons: recode('reasons'),
    };
  }

  /** One table of the tables' keys worst first, as `concat(tables).worstFirst()` but without the copy between. */
  static mergeWorstFirst(tables: readonly StaleKeyTable[]): StaleKeyTable {
    return StaleKeyTable.merge(tables, 'worst-first');
  }

  /**
   * How many owners have a stale key, each account's counted apart, read from the columns: making
   * every key to ask it its owner cost an organization's report 60 MB of garbage (bench/README.md).
   */
  distinctOwners(): number {
    const byAccount = new Map<number, Set<string>>();
    for (let row = 0; row < this.length; row++) {
      const account = this.columns.account[row]!;
      const owners = byAccount.get(account) ?? new Set<string>();
      byAccount.set(account, owners.add(this.owners.at(row)));
    }
    let count = 0;
    for (const owners of byAccount.values()) count += owners.size;
    return count;
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
    const order = Uint32Array.from({ length: this.length }, (_value, row) => row).sort(
      (a, b) => StaleKeyTable.compareRows(this, a, this, b) || a - b,
    );
    const permuted = emptyColumns(this.length);
    const sortedOwners = new PackedNamesWriter(this.length, owners.byteLength);
    const keyIds = new Map<number, KeyId>();
    const snoozes = new Map<number, Snooze>();
    order.forEach((from, to) => {
      owners.copyTo(sortedOwners, from);
      for (const name of COLUMN_NAMES) permuted[name][to] = columns[name][from]!;
      const keyId = this.keyIds.get(from);
      if (keyId !== undefined) keyIds.set(to, keyId);
      const snooze = this.snoozes.get(from);
      if (snooze !== undefined) snoozes.set(to, snooze);
    });
    return new StaleKeyTable(this.dictionaries, sortedOwners.build(), permuted, keyIds, snoozes);
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
      owner: this.owners.at(row),
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
    return new StaleKeyTable(this.dictionaries, PackedNames.of(this.owners), cut, this.keyIds, this.snoozes);
  }
}
