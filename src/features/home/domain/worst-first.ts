import { staleReasons, worstFirst } from '../../reports/domain';
import type { StaleThresholds } from '../../reports/domain';
import type { KeyFacts } from '../../../kernel/key-facts/key-facts';
import type { HomeKey } from './home-state';

/** What the stale rules read of a key; HomeKey names its account as an object, not a name. */
function facts(key: Omit<HomeKey, 'stale'>): KeyFacts {
  return {
    owner: key.owner,
    keyId: key.keyId,
    status: key.status,
    createdAt: key.createdAt,
    lastUse: key.lastUse,
  };
}

/** Active stale keys, then other active keys, then inactive ones; within each, idle the longest first. */
function rank(key: HomeKey): number {
  if (key.status !== 'Active') return 2;
  return key.stale.length > 0 ? 0 : 1;
}

/** The reasons a key would be reported, and the person's keys in the order they need attention. */
export function withStaleReasons(
  key: Omit<HomeKey, 'stale'>,
  thresholds: StaleThresholds,
  now: Date,
): HomeKey {
  return { ...key, stale: key.status === 'Active' ? staleReasons(facts(key), thresholds, now) : [] };
}

export function sortWorstFirst(keys: HomeKey[]): HomeKey[] {
  return [...keys].sort((a, b) => rank(a) - rank(b) || worstFirst(facts(a), facts(b)));
}
