import type { StaleReason } from './classify';
import { ColumnDictionary } from '../../../kernel/key-facts/column-dictionary';

/**
 * The columns of a StaleKeyTable and the dictionaries its coded columns share: typed arrays, one
 * value a key, so 449,328 stale keys are about 12 MB and no object a key (stale-key-table.ts).
 */

/** The dictionaries one table (and every table made from it) shares. */
export class Dictionaries {
  readonly accounts = new ColumnDictionary<string>((text) => text);
  readonly names = new ColumnDictionary<string>((text) => text);
  // Keys with the same findings share one array, as classify already makes them.
  readonly reasons = new ColumnDictionary<StaleReason[]>((reasons) => reasons.join());
}

export const COLUMN_NAMES = [
  'account',
  'slot',
  'status',
  'createdAt',
  'lastUsedAt',
  'service',
  'region',
  'reasons',
] as const;

export interface Columns {
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

export function emptyColumns(length: number): Columns {
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

/** The dictionary-coded columns: each table's codes are its own dictionaries' and are mapped anew. */
export type CodedColumn = 'account' | 'service' | 'region' | 'reasons';
export const dictionaryOf = {
  account: 'accounts',
  service: 'names',
  region: 'names',
  reasons: 'reasons',
} as const;
