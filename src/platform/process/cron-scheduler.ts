import { Cron } from 'croner';
import type { CronSchedule, Scheduler } from '../../kernel/ports/scheduler';
import type { Logger } from '../logger';
import type { InFlight } from './in-flight';

/**
 * A run that fires this long after its scheduled time is skipped, not run late: after a process
 * was suspended or its event loop stalled, the work comes at its next scheduled time instead.
 */
export const LATE_AFTER_MS = 10 * 60_000;

export function cronFor(entry: CronSchedule, fn?: (job: Cron) => Promise<void>): Cron {
  // unref: the timers alone never keep a process alive that is otherwise done.
  const options = { timezone: entry.timezone, unref: true };
  return fn ? new Cron(entry.schedule, options, fn) : new Cron(entry.schedule, { ...options, paused: true });
}

/**
 * The instant a run was scheduled for, the same on every replica. croner's own `currentRun()` is it
 * while a run is in progress; otherwise the latest scheduled time at or before `firedAt`.
 * (`previousRuns(1, t)` is strictly before t: a timer firing exactly on time would otherwise name
 * the run before, and that replica would claim a different run key than the others.)
 */
export function scheduledTimeOf(job: Cron, firedAt: Date): Date {
  return job.currentRun() ?? dueAtOrBefore(job, firedAt) ?? firedAt;
}

/** The latest time `when` was due at or before `at`. */
export function lastDueOf(when: CronSchedule, at: Date): Date | undefined {
  const job = cronFor(when);
  try {
    return dueAtOrBefore(job, at);
  } finally {
    job.stop();
  }
}

/** croner's previousRuns(1, t) is strictly before t: a time due exactly at `at` counts. */
function dueAtOrBefore(job: Cron, at: Date): Date | undefined {
  return job.previousRuns(1, new Date(at.getTime() + 1))[0];
}

export function isTooLate(scheduledAt: Date, firedAt: Date, lateAfterMs = LATE_AFTER_MS): boolean {
  return firedAt.getTime() - scheduledAt.getTime() > lateAfterMs;
}

interface Registered {
  name: string;
  start(): void;
  stop(): void;
}

/**
 * The one scheduler of the process (the Scheduler port on croner). croner schedules only forward
 * from when it starts: a report due while the bot was down is caught up by the reports slice at
 * start (`lastDue` tells it when that was). Every run is tracked as work in flight, so a shutdown
 * drains it, and its failure is logged, never thrown.
 */
export class CronScheduler implements Scheduler {
  private readonly jobs: Registered[] = [];
  private started = false;

  constructor(
    private readonly inFlight: InFlight,
    private readonly log: Logger,
  ) {}

  cron(name: string, when: CronSchedule, run: (scheduledAt: Date) => Promise<unknown>): void {
    let job: Cron | undefined;
    const tick = async (fired: Cron) => {
      const firedAt = new Date();
      const scheduledAt = scheduledTimeOf(fired, firedAt);
      if (isTooLate(scheduledAt, firedAt)) {
        this.log.warn({ job: name, scheduledAt, firedAt }, 'scheduled run skipped: its time passed long ago');
        return;
      }
      await this.runTracked(name, () => run(scheduledAt));
    };
    this.register({
      name,
      start: () => {
        job = cronFor(when, tick);
        this.log.info({ job: name, next: job.nextRun() }, 'scheduled');
      },
      stop: () => job?.stop(),
    });
  }

  every(name: string, ms: number, run: () => Promise<unknown>): void {
    let timer: NodeJS.Timeout | undefined;
    let running = false;
    this.register({
      name,
      start: () => {
        timer = setInterval(() => {
          if (running) return;
          running = true;
          void this.runTracked(name, run).finally(() => (running = false));
        }, ms);
        timer.unref();
      },
      stop: () => clearInterval(timer),
    });
  }

  lastDue(when: CronSchedule, at: Date): Date | undefined {
    return lastDueOf(when, at);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const job of this.jobs) job.start();
  }

  stop(): void {
    this.started = false;
    for (const job of this.jobs) job.stop();
  }

  private register(job: Registered): void {
    this.jobs.push(job);
    if (this.started) job.start();
  }

  private async runTracked(name: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await this.inFlight.track(run);
    } catch (error) {
      this.log.error({ err: error, job: name }, 'scheduled run failed');
    }
  }
}
