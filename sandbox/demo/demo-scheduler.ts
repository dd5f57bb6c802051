import type { CronSchedule, Scheduler } from '../../src/kernel/ports/scheduler';
import { CronScheduler } from '../../src/platform/process/cron-scheduler';
import { InFlight } from '../../src/platform/process/in-flight';
import type { Logger } from '../../src/platform/logger';

/**
 * The bot's real croner schedules, plus one thing a demo needs: firing a report's schedule now, as if
 * its time had come. The panel's "Run now" uses it, so the demo shows what a scheduled run does
 * (owner nudges, escalation counts); an admin's Run now in the product nudges nobody.
 */
export class DemoScheduler implements Scheduler {
  private readonly crons = new Map<string, (scheduledAt: Date) => Promise<unknown>>();
  private readonly real: CronScheduler;

  constructor(log: Logger) {
    this.real = new CronScheduler(new InFlight(), log);
  }

  cron(name: string, when: CronSchedule, run: (scheduledAt: Date) => Promise<unknown>): void {
    this.crons.set(name, run);
    this.real.cron(name, when, run);
  }

  every(name: string, ms: number, run: () => Promise<unknown>): void {
    this.real.every(name, ms, run);
  }

  lastDue(when: CronSchedule, at: Date): Date | undefined {
    return this.real.lastDue(when, at);
  }

  start(): void {
    this.real.start();
  }

  stop(): void {
    this.real.stop();
  }

  /** Runs the schedule named `report INDEX (CHANNEL)` for this instant; undefined if there is none. */
  async fireReport(index: number, at: Date): Promise<unknown> {
    const prefix = `report ${index} (`;
    const run = [...this.crons.entries()].find(([name]) => name.startsWith(prefix))?.[1];
    return run?.(at);
  }
}
