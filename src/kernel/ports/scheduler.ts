/** When a cron job runs: an expression in a time zone. */
export interface CronSchedule {
  schedule: string;
  timezone: string;
}

/**
 * Timed work: the report schedules and the sweep. The domain says what runs when; an adapter owns
 * the timers (croner), their errors and the process's in-flight count.
 */
export interface Scheduler {
  /** `run` gets the instant the run was scheduled for: the same on every replica, to name the run. */
  cron(name: string, when: CronSchedule, run: (scheduledAt: Date) => Promise<unknown>): void;
  /** Every `ms`, never overlapping itself; a run still going when the next is due is skipped. */
  every(name: string, ms: number, run: () => Promise<unknown>): void;
  /** The latest time `when` was due at or before `at`; undefined if it never was. */
  lastDue(when: CronSchedule, at: Date): Date | undefined;
  start(): void;
  stop(): void;
}
