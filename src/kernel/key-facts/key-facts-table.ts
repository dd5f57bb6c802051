import { ColumnDictionary, NONE } from './column-dictionary';
import { keyFactsOf, STATUSES } from './key-fact-cells';
import type { KeyFacts } from './key-facts';
import type { IamUserName, KeyId } from '../types';

/** A scan's keys: an array, or the columns a credential report is parsed into. */
export interface KeyFactsList extends Iterable<KeyFacts> {
  readonly length: number;
}

/** Every field of KeyFacts, so that a field added to it and not to the table fails to compile. */
const FIELDS: Record<keyof KeyFacts, true> = {
  owner: true,
  account: true,
  slot: true,
  keyId: true,
  status: true,
  createdAt: true,
  lastUse: true,
};
void FIELDS;

/**
 * A scan's keys as columns while the scan runs. A credential report arrives over a second or so,
 * so objects made for its keys outlive V8's young generation, are promoted, and then die with the
 * scan: measured in bench:org, about 3 MB of old-generation garbage an account, 20 accounts of it
 * before a full collection. Here each key is a few numbers in arrays that grow (plain arrays of
 * numbers, which V8 keeps unboxed) and its owner's name; iteration makes the KeyFacts objects as
 * they are read, which die young.
 */
export class KeyFactsTable implements KeyFactsList {
  private readonly owners: IamUserName[] = [];
  private readonly accountCodes: number[] = [];
  private readonly slots: number[] = [];
  private readonly statuses: number[] = [];
  private readonly createdAt: number[] = [];
  /** NaN where the key was never used (or IAM has no date for it). */
  private readonly lastUsedAt: number[] = [];
  private readonly services: number[] = [];
  private readonly regions: number[] = [];
  private readonly keyIds = new Map<number, KeyId>();
  private readonly accounts = new ColumnDictionary<string>((text) => text);
  private readonly names = new ColumnDictionary<string>((text) => text);

  get length(): number {
    return this.owners.length;
  }

  push(key: KeyFacts): void {
    if (key.keyId !== undefined) this.keyIds.set(this.owners.length, key.keyId);
    this.owners.push(key.owner);
    this.accountCodes.push(this.accounts.code(key.account));
    this.slots.push(key.slot ?? NONE);
    this.statuses.push(STATUSES.indexOf(key.status));
    this.createdAt.push(key.createdAt.getTime());
    this.lastUsedAt.push(key.lastUse.at?.getTime() ?? Number.NaN);
    this.services.push(this.names.code(key.lastUse.service));
    this.regions.push(this.names.code(key.lastUse.region));
  }

  *[Symbol.iterator](): Iterator<KeyFacts> {
    for (let row = 0; row < this.owners.length; row++) yield this.key(row);
  }

  private key(row: number): KeyFacts {
    return keyFactsOf({
      owner: this.owners[row]!,
      status: this.statuses[row]!,
      createdAt: this.createdAt[row]!,
      account: this.accounts.values[this.accountCodes[row]!],
      slot: this.slots[row]!,
      keyId: this.keyIds.get(row),
      lastUsedAt: this.lastUsedAt[row]!,
      service: this.names.values[this.services[row]!],
      region: this.names.values[this.regions[row]!],
    });
  }
}
