import { LRUCache } from 'lru-cache';
import type { Clock } from '../../../kernel/types';

/**
 * At most `limit` step-up requests per key (an approver, or an address for links nobody holds) in
 * a sliding window, per replica: enough for a person who retries, too few to guess or hammer with.
 */
export class AttemptLimiter {
  private readonly seen: LRUCache<string, number[]>;

  constructor(
    private readonly clock: Clock,
    private readonly limit = 20,
    private readonly windowMs = 5 * 60_000,
  ) {
    this.seen = new LRUCache({ max: 10_000 });
  }

  allow(key: string): boolean {
    const now = this.clock.now().getTime();
    const recent = (this.seen.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.limit) {
      this.seen.set(key, recent);
      return false;
    }
    recent.push(now);
    this.seen.set(key, recent);
    return true;
  }
}
