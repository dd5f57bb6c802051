import type { CronSchedule, Scheduler } from '../../../src/kernel/ports/scheduler';
import { lastDueOf } from '../../../src/platform/process/cron-scheduler';

interface CronJob {
  name: string;
  when: CronSchedule;
  run: (scheduledAt: Date) => Promise<unknown>;
}

interface IntervalJob {
  name: string;
  ms: number;
  run: () => Promise<unknown>;
}

/** Holds the jobs instead of timers: a test fires them by name. Nothing fires before start(). */
export class FakeScheduler implements Scheduler {
  readonly crons: CronJob[] = [];
  readonly intervals: IntervalJob[] = [];
  running = false;

  cron(name: string, when: CronSchedule, run: (scheduledAt: Date) => Promise<unknown>): void {
    this.crons.push({ name, when, run });
  }

  every(name: string, ms: number, run: () => Promise<unknown>): void {
    this.intervals.push({ name, ms, run });
  }

  /** croner's answer, as the real scheduler gives it: a test picks its schedules and instants. */
  lastDue(when: CronSchedule, at: Date): Date | undefined {
    return lastDueOf(when, at);
  }

  start(): void {
    this.running = true;
  }

  stop(): void {
    this.running = false;
  }

  async fireCron(name: string, scheduledAt: Date): Promise<unknown> {
    return this.job(this.crons, name).run(scheduledAt);
  }

  async tick(name: string): Promise<unknown> {
    return this.job(this.intervals, name).run();
  }

  private job<J extends { name: string }>(jobs: J[], name: string): J {
    if (!this.running) throw new Error(`scheduler not started; cannot fire ${name}`);
    const job = jobs.find((candidate) => candidate.name === name);
    if (!job)
      throw new Error(`no job named ${name}; have ${jobs.map((candidate) => candidate.name).join(', ')}`);
    return job;
  }
}
