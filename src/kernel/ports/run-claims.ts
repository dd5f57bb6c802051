/** One scheduled run of one `reports` entry: the thing several replicas must post only once. */
export interface ScheduledRun {
  /** Names the entry, e.g. "0.C0SECOPS" (its index and channel). */
  report: string;
  /** The instant the schedule named, not when a replica's timer happened to fire. */
  scheduledAt: Date;
}

/** Who posts a scheduled run: the first replica to claim it, by a conditional write on its own key. */
export interface RunClaims {
  /** True for the one caller that claimed the run; false for every later one. */
  claim(run: ScheduledRun, claimedBy: string, at: Date): Promise<boolean>;
}

export function reportId(index: number, channel: string): string {
  return `${index}.${channel}`;
}
