import type { Queue } from './queue';

/**
 * Resolves as soon as the queue has a visible message (sent, expired or made visible), when the wait is
 * over, or when `signal` aborts (the client went away, or the server is closing): whichever comes first.
 * A wake-up is set for the next visibility expiry, so a message coming back from flight ends the wait too.
 */
export function waitForVisible(queue: Queue, waitMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + waitMs;
  return new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let waiting = true;
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      if (waiting) queue.trackPoller(-1);
      waiting = false;
      signal.removeEventListener('abort', done);
      resolve();
    };
    const arm = () => {
      clearTimeout(timer);
      if (queue.visible() > 0 || Date.now() >= deadline) return done();
      const wake = Math.min(deadline, queue.nextVisibleAt() ?? deadline);
      timer = setTimeout(arm, Math.max(1, wake - Date.now()));
    };
    const unsubscribe = queue.onAvailable(arm);
    queue.trackPoller(1);
    if (signal.aborted) return done();
    signal.addEventListener('abort', done);
    arm();
  });
}
