/**
 * How many accounts a scan works on at once, adapted as TCP adapts its window (AIMD): one more for
 * each account scanned without a throttle, half as many when STS or IAM throttle. Calls in flight
 * all meet the same limit at once, so a halving counts for a whole second: ten accounts throttled
 * together halve the limit once, not ten times.
 */
export class AimdLimit {
  private value: number;
  private lastCutAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly bounds: { min: number; max: number; initial: number },
    private readonly now: () => number,
  ) {
    this.value = Math.max(bounds.min, Math.min(bounds.max, bounds.initial));
  }

  get current(): number {
    return this.value;
  }

  /** An account scanned without a throttle: room for one more. */
  succeeded(): void {
    this.value = Math.min(this.bounds.max, this.value + 1);
  }

  /** STS or IAM throttled (or IAM had no capacity for another report): half as many. */
  throttled(): void {
    const now = this.now();
    if (now - this.lastCutAt < 1000) return;
    this.lastCutAt = now;
    this.value = Math.max(this.bounds.min, Math.floor(this.value / 2));
  }
}

/** What one account's work tells the limit: whether it met throttling. */
export interface Pressure {
  throttled(): void;
}

/** The work was stopped (the process is draining) before every item was started. */
export class StoppedError extends Error {
  override name = 'StoppedError';
}

/**
 * Maps over items, keeping input order, with at most `limit.current` calls in flight at each start:
 * a lowered limit lets calls in flight finish and starts no more until fewer are left. Each call gets
 * its own Pressure; a call that finished without one counts as a success. Once `signal` is aborted
 * no call starts; those in flight finish, and then it rejects with StoppedError.
 */
export async function mapAdaptive<T, R>(
  items: readonly T[],
  limit: AimdLimit,
  fn: (item: T, pressure: Pressure) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let inFlight = 0;
  return new Promise<R[]>((resolve, reject) => {
    let failed = false;
    const startMore = () => {
      if (failed) return;
      if (next >= items.length && inFlight === 0) {
        resolve(results);
        return;
      }
      if (signal?.aborted && inFlight === 0) {
        failed = true;
        reject(new StoppedError(`stopped with ${items.length - next} of ${items.length} not started`));
        return;
      }
      while (!signal?.aborted && next < items.length && inFlight < limit.current) {
        const index = next++;
        inFlight++;
        let throttled = false;
        const pressure: Pressure = {
          throttled: () => {
            throttled = true;
            limit.throttled();
          },
        };
        fn(items[index] as T, pressure).then(
          (result) => {
            results[index] = result;
            inFlight--;
            if (!throttled) limit.succeeded();
            startMore();
          },
          (error: unknown) => {
            failed = true;
            reject(error);
          },
        );
      }
    };
    startMore();
  });
}
