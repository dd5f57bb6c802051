import { waitUntil } from './wait-until';

/**
 * Requests of one action held back until the test lets them through: a server that is slow for as
 * long as the story needs (IAM throttled and retried, Slack rate-limited), without a fixed delay.
 */
export interface Hold {
  /** Requests waiting at the hold now. */
  waiting(): number;
  /** Resolves once `count` requests have reached the hold since it was set (let through or not). */
  arrived(count: number, timeoutMs?: number): Promise<number>;
  /** Lets every waiting request through; later ones pass at once. */
  release(): void;
}

interface Gate {
  arrived: number;
  waiting: Set<() => void>;
  listeners: Set<() => void>;
}

/**
 * The holds of one stand-in, by action. A held request waits before the server looks at it, so it
 * has no effect until released: of two held UpdateAccessKey calls, each finds the key as the other
 * left it. A server that closes lets its held requests go (`pass` answers false: drop them).
 */
export class Holds {
  private readonly gates = new Map<string, Gate>();

  hold(action: string): Hold {
    if (this.gates.has(action)) throw new Error(`${action} is held already`);
    const gate: Gate = { arrived: 0, waiting: new Set(), listeners: new Set() };
    this.gates.set(action, gate);
    return {
      waiting: () => gate.waiting.size,
      arrived: (count, timeoutMs = 15_000) =>
        waitUntil(
          (wake) => {
            gate.listeners.add(wake);
            return () => gate.listeners.delete(wake);
          },
          () => (gate.arrived >= count ? gate.arrived : undefined),
          timeoutMs,
          () => `${gate.arrived} of ${count} ${action} requests reached the hold`,
        ),
      release: () => this.release(action, gate),
    };
  }

  /** Resolves true when the request may go on, false when `signal` aborted while it was held. */
  pass(action: string, signal?: AbortSignal): Promise<boolean> {
    const gate = this.gates.get(action);
    if (!gate) return Promise.resolve(true);
    gate.arrived += 1;
    for (const listener of [...gate.listeners]) listener();
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const go = () => {
        gate.waiting.delete(go);
        signal?.removeEventListener('abort', stop);
        resolve(true);
      };
      const stop = () => {
        gate.waiting.delete(go);
        resolve(false);
      };
      gate.waiting.add(go);
      signal?.addEventListener('abort', stop, { once: true });
    });
  }

  /** Lets everything through (a test's clean-up). */
  releaseAll(): void {
    for (const [action, gate] of [...this.gates]) this.release(action, gate);
  }

  private release(action: string, gate: Gate): void {
    if (this.gates.get(action) === gate) this.gates.delete(action);
    for (const go of [...gate.waiting]) go();
  }
}
