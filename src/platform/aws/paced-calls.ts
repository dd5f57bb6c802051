import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { KeywardenError } from '../../kernel/errors';
import { toIamError } from './iam-errors';

export interface PacingOptions {
  /** Calls a second at the start; raised a little with each success, halved when IAM throttles. */
  initialRate?: number;
  /** A whole-account scan shares the account's IAM rate with every other tool: leave them room. */
  maxRate?: number;
  minRate?: number;
  /** Attempts per call, the first included, for throttling and unavailability. */
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
}

export interface PacingStats {
  calls: number;
  throttled: number;
  retried: number;
  /** The rate the pacer had settled on when last asked. */
  rate: number;
}

const DEFAULTS = {
  initialRate: 10,
  maxRate: 50,
  minRate: 1,
  maxAttempts: 8,
  baseBackoffMs: 250,
  maxBackoffMs: 20_000,
};

/** Each success raises the rate by this much: from 10 to 50 calls a second in 160 calls. */
const RATE_STEP = 0.25;

/**
 * Paces a scan's IAM calls and retries them itself. The SDK's own retries draw on a per-client quota
 * that sustained throttling drains within seconds, after which every call fails at once; so a scan
 * sends single-attempt calls through this: spaced to a rate that grows while IAM accepts and halves
 * when it throttles (at most once a second, since calls in flight all meet the same limit), with
 * full-jitter exponential backoff before each retry.
 */
export class PacedCalls {
  private readonly options: typeof DEFAULTS & { random: () => number };
  private rate: number;
  private nextSlotAt = 0;
  private lastCutAt = Number.NEGATIVE_INFINITY;
  private counts = { calls: 0, throttled: 0, retried: 0 };

  constructor(options: PacingOptions = {}) {
    this.options = { ...DEFAULTS, random: Math.random, ...definedOnly(options) };
    this.rate = Math.min(this.options.initialRate, this.options.maxRate);
  }

  get stats(): PacingStats {
    return { ...this.counts, rate: this.rate };
  }

  /** Sends `call`, retrying throttling and unavailability; anything else is thrown as KeywardenError. */
  async send<T>(action: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.slot();
      this.counts.calls++;
      let failure: KeywardenError;
      try {
        const result = await call();
        this.rate = Math.min(this.options.maxRate, this.rate + RATE_STEP);
        return result;
      } catch (error) {
        failure = toIamError(error, action);
      }
      const retryable = failure.code === 'IAM_THROTTLED' || failure.code === 'IAM_UNAVAILABLE';
      if (!retryable || attempt >= this.options.maxAttempts) throw failure;
      if (failure.code === 'IAM_THROTTLED') this.slowDown();
      this.counts.retried++;
      await sleep(this.backoff(attempt));
    }
  }

  private async slot(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.nextSlotAt);
    this.nextSlotAt = at + 1000 / this.rate;
    if (at > now) await sleep(at - now);
  }

  private slowDown(): void {
    this.counts.throttled++;
    const now = performance.now();
    if (now - this.lastCutAt < 1000) return;
    this.lastCutAt = now;
    this.rate = Math.max(this.options.minRate, this.rate / 2);
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** (attempt - 1));
    return Math.round(this.options.random() * ceiling);
  }
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
