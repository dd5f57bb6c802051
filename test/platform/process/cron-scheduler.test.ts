import { createLogger } from '../../../src/platform/logger';
import {
  cronFor,
  isTooLate,
  CronScheduler,
  LATE_AFTER_MS,
  scheduledTimeOf,
} from '../../../src/platform/process/cron-scheduler';
import { InFlight } from '../../../src/platform/process/in-flight';

const log = createLogger({ level: 'silent' });
const entry = (schedule: string, timezone: string) => ({
  channel: 'C0SECOPS',
  schedule,
  timezone,
  maxAgeDays: 90,
  maxUnusedDays: 30,
});

describe('schedules in their time zone', () => {
  it('"0 0 * * MON" in Tokyo runs at 15:00 UTC on the Sunday before', () => {
    const job = cronFor(entry('0 0 * * MON', 'Asia/Tokyo'));
    // 2026-03-01 is a Sunday in UTC and already Monday in Tokyo from 15:00 UTC.
    expect(job.nextRun(new Date('2026-03-01T14:59:59Z'))).toEqual(new Date('2026-03-01T15:00:00Z'));
    expect(job.nextRun(new Date('2026-03-01T15:00:00Z'))).toEqual(new Date('2026-03-08T15:00:00Z'));
  });

  it('"30 23 * * *" in Los Angeles runs on the next UTC day', () => {
    const job = cronFor(entry('30 23 * * *', 'America/Los_Angeles'));
    expect(job.nextRun(new Date('2026-03-10T06:00:00Z'))).toEqual(new Date('2026-03-10T06:30:00Z'));
  });

  it('"30 0 * * *" in Berlin keeps local midnight across the change to summer time', () => {
    const job = cronFor(entry('30 0 * * *', 'Europe/Berlin'));
    expect(job.nextRuns(2, new Date('2026-03-28T12:00:00Z'))).toEqual([
      new Date('2026-03-28T23:30:00Z'),
      new Date('2026-03-29T22:30:00Z'),
    ]);
  });
});

describe('the run a timer fired for', () => {
  it('is the scheduled instant, whichever replica fired a few milliseconds late', () => {
    const job = cronFor(entry('0 9 * * MON', 'UTC'));
    const scheduled = new Date('2026-11-23T09:00:00Z');
    expect(scheduledTimeOf(job, new Date('2026-11-23T09:00:00.000Z'))).toEqual(scheduled);
    expect(scheduledTimeOf(job, new Date('2026-11-23T09:00:00.004Z'))).toEqual(scheduled);
    expect(scheduledTimeOf(job, new Date('2026-11-23T09:00:01.250Z'))).toEqual(scheduled);
  });

  it('is skipped when it fires long after its time (a suspended or stalled process)', () => {
    const scheduled = new Date('2026-11-23T09:00:00Z');
    expect(isTooLate(scheduled, new Date(scheduled.getTime() + LATE_AFTER_MS))).toBe(false);
    expect(isTooLate(scheduled, new Date(scheduled.getTime() + LATE_AFTER_MS + 1))).toBe(true);
  });
});

describe('CronScheduler', () => {
  it('runs each cron job forward from its start, on whole scheduled seconds, never replaying earlier runs', async () => {
    const fired: Array<{ job: string; at: Date }> = [];
    const inFlight = new InFlight();
    const scheduler = new CronScheduler(inFlight, log);
    for (const [name, schedule] of [
      ['every second', '* * * * * *'],
      ['new year', '0 0 1 1 *'],
    ] as const) {
      scheduler.cron(name, { schedule, timezone: 'UTC' }, async (at) => {
        fired.push({ job: name, at });
      });
    }
    const startedAt = Date.now();
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    scheduler.stop();
    const stoppedWith = fired.length;
    await new Promise((resolve) => setTimeout(resolve, 1_200));

    expect(fired.length).toBe(stoppedWith);
    expect(fired.length).toBeGreaterThanOrEqual(1);
    // Only the every-second job ran, once a second: no burst for the seconds before the start.
    expect(fired.length).toBeLessThanOrEqual(3);
    expect(fired.every((run) => run.job === 'every second')).toBe(true);
    for (const run of fired) {
      expect(run.at.getMilliseconds()).toBe(0);
      expect(run.at.getTime()).toBeGreaterThan(startedAt);
    }
    expect(new Set(fired.map((run) => run.at.getTime())).size).toBe(fired.length);
  });

  it('runs interval work as work in flight, never overlapping itself, and logs a failure instead of throwing', async () => {
    const inFlight = new InFlight();
    const scheduler = new CronScheduler(inFlight, log);
    let running = 0;
    let overlapped = false;
    let runs = 0;
    let seenInFlight = 0;
    scheduler.every('slow', 20, async () => {
      runs++;
      running++;
      if (running > 1) overlapped = true;
      seenInFlight = Math.max(seenInFlight, inFlight.count);
      await new Promise((resolve) => setTimeout(resolve, 70));
      running--;
      throw new Error('a failing run');
    });
    scheduler.start();
    // Wait for the runs instead of a fixed window, so a loaded machine only makes the test slower.
    const deadline = Date.now() + 10_000;
    while (runs < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    scheduler.stop();
    await inFlight.drain(1_000);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(overlapped).toBe(false);
    expect(seenInFlight).toBe(1);
  });
});
