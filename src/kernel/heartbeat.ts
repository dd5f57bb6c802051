import type { Logger } from './logger';

export interface HeartbeatOptions {
  /** What the beats keep, for the log: "the message's visibility", "the incident claim". */
  keeps: string;
  /** Between the starts of two beats; a beat still running when the next is due delays it (never two at once). */
  everyMs: number;
  /**
   * One beat: resolves true while the thing is still this holder's, false once another holder has
   * it (the heartbeat then stops and `lost` aborts). Throws when it could not tell (the store or the
   * queue failed): logged, and tried again at the next beat; the period leaves room for a few misses.
   */
  beat(): Promise<boolean>;
  log: Logger;
  /** Fields of the log lines (a message id, a key id): never a body or a secret. */
  about?: Record<string, unknown>;
}

/** A running heartbeat. */
export interface Heartbeat {
  /** Aborts when a beat found the thing taken by another holder. */
  readonly lost: AbortSignal;
  /** Ends the beats: on success, on failure and on a drain. Idempotent. */
  stop(): void;
}

/**
 * Keeps what a long piece of work holds for a limited time (a queue message's visibility, a lease
 * in the store) by renewing it every `everyMs` until the work stops it. The timers are unref'd, so a
 * heartbeat never keeps the process alive; `stopAll` ends the ones a drain left behind.
 */
export class Heartbeats {
  private readonly running = new Set<Heartbeat>();

  /** Heartbeats not stopped yet. */
  get count(): number {
    return this.running.size;
  }

  /** Starts beating: the first beat comes `everyMs` from now (the work has just taken what it keeps). */
  start(options: HeartbeatOptions): Heartbeat {
    const lost = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const heartbeat: Heartbeat = {
      lost: lost.signal,
      stop: () => {
        stopped = true;
        clearTimeout(timer);
        this.running.delete(heartbeat);
      },
    };
    const next = (delayMs: number) => {
      if (stopped) return;
      timer = setTimeout(beat, Math.max(0, delayMs));
      timer.unref();
    };
    const beat = () => {
      const started = Date.now();
      options.beat().then(
        (held) => {
          if (stopped) return;
          if (held) return next(options.everyMs - (Date.now() - started));
          options.log.warn(options.about ?? {}, `${options.keeps} was taken by another holder; stopping`);
          lost.abort();
          heartbeat.stop();
        },
        (error: unknown) => {
          if (stopped) return;
          options.log.warn(
            { ...options.about, err: error },
            `${options.keeps} could not be renewed; trying again at the next beat`,
          );
          next(options.everyMs - (Date.now() - started));
        },
      );
    };
    this.running.add(heartbeat);
    next(options.everyMs);
    return heartbeat;
  }

  /** Stops every heartbeat still running (after a drain that timed out: its work is abandoned). */
  stopAll(): void {
    for (const heartbeat of [...this.running]) heartbeat.stop();
  }
}
