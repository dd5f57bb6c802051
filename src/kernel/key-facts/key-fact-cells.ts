import type { KeyFacts } from './key-facts';
import type { IamUserName, KeyId, KeyStatus } from '../types';

/** A key's status as a column holds it: its index here. */
export const STATUSES: readonly KeyStatus[] = ['Active', 'Inactive'];

/** One key's cells as KeyFactsTable and StaleKeyTable keep them, read back from their columns. */
export interface KeyFactCells {
  owner: IamUserName;
  status: number;
  createdAt: number;
  account: string | undefined;
  /** 0 where the key has no slot (it was listed, not read from a credential report). */
  slot: number;
  keyId: KeyId | undefined;
  /** NaN where the key was never used (or IAM has no date for it). */
  lastUsedAt: number;
  service: string | undefined;
  region: string | undefined;
}

/** The key of those cells, with only the fields it had set: deep-equal to the key that was stored. */
export function keyFactsOf(cells: KeyFactCells): KeyFacts {
  const key: KeyFacts = {
    owner: cells.owner,
    status: STATUSES[cells.status]!,
    createdAt: new Date(cells.createdAt),
    lastUse: {},
  };
  if (cells.account !== undefined) key.account = cells.account;
  if (cells.slot === 1 || cells.slot === 2) key.slot = cells.slot;
  if (cells.keyId !== undefined) key.keyId = cells.keyId;
  if (!Number.isNaN(cells.lastUsedAt)) key.lastUse.at = new Date(cells.lastUsedAt);
  if (cells.service !== undefined) key.lastUse.service = cells.service;
  if (cells.region !== undefined) key.lastUse.region = cells.region;
  return key;
}
