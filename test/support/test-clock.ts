import type { Clock } from '../../src/kernel/types';

/** A clock tests can move forward, to expire requests without waiting. */
export class TestClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advanceHours(hours: number): void {
    this.offsetMs += hours * 3_600_000;
  }
}
