import type { SlackUserId } from '../types';
import type { KeyRef } from '../stale/key-ref';

/** How many runs in a row one key was in its owner's nudge. */
export interface NudgeCount {
  key: KeyRef;
  runs: number;
  /** The run that last counted it, so a retried run counts once. */
  lastRun: string;
  lastNudgedAt: Date;
}

/**
 * What owner nudges remember between runs: which (run, owner) DM was sent, so a retried or
 * doubled run DMs nobody twice, and each nudged key's run count, for escalation.
 */
export interface NudgeLedger {
  /** True for the one caller that claimed this owner's DM in this run (a conditional write). */
  claimDm(runId: string, owner: SlackUserId, at: Date): Promise<boolean>;
  /** Gives a claim back after the DM could not be sent, so a retried run may send it. */
  releaseDm(runId: string, owner: SlackUserId): Promise<void>;
  /** The counts of one `reports` entry. */
  counts(report: string): Promise<NudgeCount[]>;
  /** Counts the key once for this run (a second call for the same run changes nothing). */
  countNudge(report: string, key: KeyRef, runId: string, at: Date): Promise<void>;
  /** The key was acted on, snoozed, or is no longer stale: its count starts again. */
  reset(report: string, key: KeyRef): Promise<void>;
}
