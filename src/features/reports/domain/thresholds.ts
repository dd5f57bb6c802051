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
  /** Set on the reports of a `policies` entry: they cover the accounts under this OU (the most specific). */
  ou?: string;
  /** Each run sends every mapped owner of a stale key one DM listing their keys. */
  notifyOwners?: boolean;
  /** A key nudged this many runs in a row, still stale and not snoozed, is listed under "Ignored". */
  escalateAfterRuns?: number;
}

/** CIS AWS Foundations: access keys rotated every 90 days, credentials unused for 45 days disabled. */
export const DEFAULT_THRESHOLDS: StaleThresholds = { maxAgeDays: 90, maxUnusedDays: 45 };

/** A report that no `reports` entry produced: `/keys stale`. */
export const ON_DEMAND = -1;

/**
 * The thresholds of entry `index`; for `/keys stale` (or an index no longer in the policy), the
 * first entry's, so an admin sees what the channel sees, else the CIS defaults, 90 and 45 days.
 */
export function thresholdsFor(
  reports: readonly StaleThresholds[],
  index: number = ON_DEMAND,
): StaleThresholds {
  const entry = reports[index] ?? reports[0] ?? DEFAULT_THRESHOLDS;
  return { maxAgeDays: entry.maxAgeDays, maxUnusedDays: entry.maxUnusedDays };
}
