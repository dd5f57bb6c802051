/**
 * Counts work still running after Slack was acknowledged. Bolt's app.stop() closes the listener
 * but does not wait for it, so a shutdown drains this first: a deletion half done is not cut off.
 */
export class InFlight {
  private running = 0;
  private waiters: (() => void)[] = [];

  get count(): number {
    return this.running;
  }

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      if (this.running === 0) this.waiters.splice(0).forEach((wake) => wake());
    }
  }

  /** Resolves true when all work finished, false when the timeout came first. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
