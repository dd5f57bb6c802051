import { performance } from 'node:perf_hooks';

/** A token bucket holding one second's worth of requests (at least one), refilled continuously. */
export class TokenBucket {
  private perSecond: number | undefined;
  private tokens = 0;
  private refilledAt = 0;

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** undefined turns limiting off. */
  setRate(perSecond: number | undefined): void {
    if (perSecond !== undefined && !(perSecond > 0))
      throw new Error(`Rate must be positive, not ${perSecond}`);
    this.perSecond = perSecond;
    this.tokens = perSecond === undefined ? 0 : Math.max(1, perSecond);
    this.refilledAt = this.clock();
  }

  tryTake(): boolean {
    if (this.perSecond === undefined) return true;
    const now = this.clock();
    const capacity = Math.max(1, this.perSecond);
    this.tokens = Math.min(capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
