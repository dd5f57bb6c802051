/**
 * Resolves with `ready()`'s value once it is defined, checked now and at each wake-up the stand-in sends
 * through `subscribe`; rejects with `describe()` after timeoutMs. A stand-in's waitFor* controls, so a
 * test waits for an event, not for a fixed time.
 */
export function waitUntil<T>(
  subscribe: (wake: () => void) => () => void,
  ready: () => T | undefined,
  timeoutMs: number,
  describe: () => string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const check = () => {
      const value = ready();
      if (value === undefined) return;
      cleanup();
      resolve(value);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${describe()} after ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = subscribe(check);
    const cleanup = () => {
      clearTimeout(timer);
      unsubscribe();
    };
    check();
  });
}
