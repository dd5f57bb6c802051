/** When a key counts as stale, in whole days of 24 hours. */
export interface StaleThresholds {
  maxAgeDays: number;
  maxUnusedDays: number;
}

/** A `reports` entry of the policy, as the domain needs it. */
export interface ReportSchedule extends StaleThresholds {
  channel: string;
  schedule: string;
  timezone: string;
  /** The accounts this entry covers; absent, every account. */
  accounts?: readonly string[];
}

export const DEFAULT_THRESHOLDS: StaleThresholds = { maxAgeDays: 90, maxUnusedDays: 30 };

/** A report that no `reports` entry produced: `/keys stale`. */
export const ON_DEMAND = -1;

/**
 * The thresholds of entry `index`; for `/keys stale` (or an index no longer in the policy), the
 * first entry's, so an admin sees what the channel sees, else 90 and 30 days.
 */
export function thresholdsFor(
  reports: readonly StaleThresholds[],
  index: number = ON_DEMAND,
): StaleThresholds {
  const entry = reports[index] ?? reports[0] ?? DEFAULT_THRESHOLDS;
  return { maxAgeDays: entry.maxAgeDays, maxUnusedDays: entry.maxUnusedDays };
}
