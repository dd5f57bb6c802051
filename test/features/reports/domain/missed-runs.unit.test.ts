import { CATCH_UP_WITHIN_MS, missedRuns } from '../../../../src/features/reports/domain/missed-runs';
import { lastDueOf } from '../../../../src/platform/process/cron-scheduler';

const entry = (channel: string, schedule: string, timezone = 'UTC') => ({
  channel,
  schedule,
  timezone,
  maxAgeDays: 90,
  maxUnusedDays: 30,
});
const WEEKLY = entry('C0SECOPS', '0 9 * * MON');
const DAILY_NY = entry('C0PRODSEC', '30 8 * * *', 'America/New_York');
const catchUp = { lastDue: lastDueOf };
const at = (iso: string) => new Date(iso);

describe('missedRuns: the runs due while no replica ran', () => {
  it('finds the run due after the last presence mark, at its scheduled time', () => {
    const missed = missedRuns([WEEKLY], catchUp, at('2026-12-07T08:55:00Z'), at('2026-12-07T09:40:00Z'));

    expect(missed).toEqual([{ index: 0, scheduledAt: at('2026-12-07T09:00:00Z') }]);
  });

  it('finds nothing when a replica was present at or after the run was due', () => {
    expect(missedRuns([WEEKLY], catchUp, at('2026-12-07T09:00:00Z'), at('2026-12-07T09:40:00Z'))).toEqual([]);
    expect(missedRuns([WEEKLY], catchUp, at('2026-12-07T09:01:00Z'), at('2026-12-07T09:40:00Z'))).toEqual([]);
  });

  it('finds nothing without a mark: a bot that never ran owes no report', () => {
    expect(missedRuns([WEEKLY], catchUp, undefined, at('2026-12-07T09:40:00Z'))).toEqual([]);
  });

  it('leaves a run due longer ago than the window to the next one', () => {
    const lastPresent = at('2026-12-04T17:00:00Z');
    const justInside = new Date(at('2026-12-07T09:00:00Z').getTime() + CATCH_UP_WITHIN_MS);

    expect(missedRuns([WEEKLY], catchUp, lastPresent, justInside)).toHaveLength(1);
    expect(missedRuns([WEEKLY], catchUp, lastPresent, new Date(justInside.getTime() + 1))).toEqual([]);
    expect(
      missedRuns([WEEKLY], { ...catchUp, withinMs: 60_000 }, lastPresent, at('2026-12-07T09:02:00Z')),
    ).toEqual([]);
  });

  it('catches up only the last due run of each entry, in its own time zone, never a backlog', () => {
    // Down from Saturday to Monday 14:00 UTC: the daily New York run was due Sunday and Monday (13:30 UTC).
    const missed = missedRuns(
      [WEEKLY, DAILY_NY],
      catchUp,
      at('2026-12-05T12:00:00Z'),
      at('2026-12-07T14:00:00Z'),
    );

    expect(missed).toEqual([
      { index: 0, scheduledAt: at('2026-12-07T09:00:00Z') },
      { index: 1, scheduledAt: at('2026-12-07T13:30:00Z') },
    ]);
  });
});
