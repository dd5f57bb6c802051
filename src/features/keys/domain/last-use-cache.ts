import { LRUCache } from 'lru-cache';
import type { Clock, KeyId, LastUse } from '../../../kernel/types';

/** How long a listing's last-use read of a key is reused. */
export const LAST_USE_TTL_MS = 60_000;
const MAX_KEYS = 10_000;

/**
 * A listing's GetAccessKeyLastUsed reads, reused for a minute per key (by account and key id). IAM
 * itself records a key's last use with a delay of up to hours, so a minute-old answer hides nothing a
 * person could have seen, while a burst of listings of one user (`/keys list` at 100 a second, a team
 * opening the Home) asks IAM once a key instead of once a key a listing: two of a listing's three IAM
 * calls, each a new connection, a signature and an XML parse on the event loop that acks everyone.
 * Only the listing reads through it. Resolving a key's owner (the ownership check before any change)
 * and the rotation's "new key seen in use" always ask IAM; the listing itself (ListAccessKeys) is
 * always live, so a deleted key is never shown from here. A failed read is not kept.
 */
export class LastUseCache {
  private readonly reads: LRUCache<string, Promise<LastUse>>;

  constructor(clock: Clock, ttlMs = LAST_USE_TTL_MS) {
    // ttlResolution 0: lru-cache otherwise keeps "now" for a millisecond of real time, not the clock's.
    this.reads = new LRUCache({
      max: MAX_KEYS,
      ttl: ttlMs,
      ttlResolution: 0,
      perf: { now: () => clock.now().getTime() },
    });
  }

  read(accountName: string, keyId: KeyId, load: () => Promise<LastUse>): Promise<LastUse> {
    const key = `${accountName}\u0000${keyId}`;
    const kept = this.reads.get(key);
    if (kept) return kept;
    // The pending read is shared: concurrent listings of one user make one call a key.
    const pending = load();
    this.reads.set(key, pending);
    pending.catch(() => {
      if (this.reads.peek(key) === pending) this.reads.delete(key);
    });
    return pending;
  }
}
