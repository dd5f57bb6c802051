import type { KeyFacts } from '../../../kernel/key-facts/key-facts';
import type { KeyFactsList } from '../../../kernel/key-facts/key-facts-table';
import type { Snooze } from './snooze';
import type { StaleThresholds } from './thresholds';
import { DAY_MS } from '../../../kernel/types';

/**
 * The findings, after CIS AWS Foundations: key rotation ('too-old'), credentials unused ('unused',
 * 'never-used') and one active key per user ('more-than-one-active'). The ids are kept from before
 * the CIS titles: they are the CSV's `reasons` column.
 */
export type StaleReason = 'too-old' | 'unused' | 'never-used' | 'more-than-one-active';

export const STALE_REASONS: readonly StaleReason[] = [
  'too-old',
  'unused',
  'never-used',
  'more-than-one-active',
];

export interface StaleKey extends KeyFacts {
  /** Every reason that applies, so a report can count keys by reason. */
  reasons: StaleReason[];
  /** The owner's latest snooze of this key, ended or not: the report says which. */
  snooze?: Snooze;
}

export interface ClassifyOptions {
  thresholds: StaleThresholds;
  exempt: ReadonlySet<string>;
  now: Date;
  /** The managed account's name, set on each stale key as it is made rather than by a copy after. */
  account?: string;
}

/** Elapsed time, not calendar days: more than N x 24 h, so 0 means "any time at all". */
function longerAgoThan(date: Date, days: number, now: Date): boolean {
  return now.getTime() - date.getTime() > days * DAY_MS;
}

/**
 * Why a key would be stale, whatever its status. A key never used is judged by its age against
 * maxUnusedDays, so a key created this morning is not reported (its grace). `activeKeysOfOwner`:
 * the owner's active keys, this one included; two is a finding on each of them.
 */
export function staleReasons(
  key: KeyFacts,
  thresholds: StaleThresholds,
  now: Date,
  activeKeysOfOwner = 1,
): StaleReason[] {
  const reasons: StaleReason[] = [];
  if (longerAgoThan(key.createdAt, thresholds.maxAgeDays, now)) reasons.push('too-old');
  if (key.lastUse.at) {
    if (longerAgoThan(key.lastUse.at, thresholds.maxUnusedDays, now)) reasons.push('unused');
  } else if (longerAgoThan(key.createdAt, thresholds.maxUnusedDays, now)) {
    reasons.push('never-used');
  }
  if (key.status === 'Active' && activeKeysOfOwner > 1) reasons.push('more-than-one-active');
  return reasons;
}

/** The stale keys among `keys`: active ones only, exempt users left out. */
export function classify(keys: KeyFactsList, options: ClassifyOptions): StaleKey[] {
  const stale: StaleKey[] = [];
  classifyEach(keys, options, (key) => stale.push(key));
  return stale;
}

/**
 * The same, each stale key handed to `onStale` as it is found, in the order of `keys`: a report
 * writes them into a table at once (StaleKeyTableBuilder) instead of keeping an account's worth of
 * objects.
 */
export function classifyEach(
  keys: KeyFactsList,
  options: ClassifyOptions,
  onStale: (key: StaleKey) => void,
): void {
  const active = new Map<string, number>();
  for (const key of keys) {
    // IAM user names are unique regardless of case.
    const owner = key.owner.toLowerCase();
    if (key.status === 'Active') active.set(owner, (active.get(owner) ?? 0) + 1);
  }
  // Keys with the same reasons share one array, and `account` is set in the one copy made here.
  const shared = new Map<string, StaleReason[]>();
  const { account } = options;
  for (const key of keys) {
    if (key.status !== 'Active' || options.exempt.has(key.owner)) continue;
    const found = staleReasons(
      key,
      options.thresholds,
      options.now,
      active.get(key.owner.toLowerCase()) ?? 1,
    );
    if (found.length === 0) continue;
    const id = found.join();
    const reasons = shared.get(id) ?? found;
    shared.set(id, reasons);
    onStale(staleKey(key, reasons, account));
  }
}

/**
 * One literal naming every field where it can: V8 then keeps them all inside the object, where a
 * spread followed by further properties puts those in a property array of their own (measured: 667
 * bytes a kept key with a spread, against 575 with the two copies this replaces).
 */
function staleKey(key: KeyFacts, reasons: StaleReason[], account: string | undefined): StaleKey {
  if (
    account !== undefined &&
    key.slot !== undefined &&
    key.keyId === undefined &&
    key.account === undefined
  ) {
    const { owner, slot, status, createdAt, lastUse } = key;
    return { owner, slot, status, createdAt, lastUse, reasons, account };
  }
  const copy = { ...key, reasons };
  return account === undefined ? copy : { ...copy, account };
}

/** Since when a key has sat idle: its last use, or its creation if it was never used. */
export function idleSince(key: KeyFacts): Date {
  return key.lastUse.at ?? key.createdAt;
}

/** Worst first: idle the longest, then the oldest; then by name, so a report reads the same twice. */
export function worstFirst(a: KeyFacts, b: KeyFacts): number {
  return (
    idleSince(a).getTime() - idleSince(b).getTime() ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0)
  );
}
