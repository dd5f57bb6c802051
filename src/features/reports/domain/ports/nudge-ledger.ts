import type { SlackUserId } from '../../../../kernel/types';
import type { KeyRef } from '../key-ref';

/**
 * How long one key has stayed stale since its owner was first nudged about it: the scheduled runs
 * that found it stale, snoozed or not, the one that first nudged it included.
 */
export interface NudgeCount {
  key: KeyRef;
  runs: number;
  /** The run that last counted it, so a retried run counts once. */
  lastRun: string;
  /** When its first counted run was; absent on counts stored before it was kept. */
  firstNudgedAt?: Date;
}

/**
 * What owner nudges remember between runs: which (run, owner) DM was sent, so a retried or
 * doubled run DMs nobody twice, and each nudged key's count of scheduled runs, for escalation.
 */
export interface NudgeLedger {
  /** True for the one caller that claimed this owner's DM in this run (a conditional write). */
  claimDm(runId: string, owner: SlackUserId, at: Date): Promise<boolean>;
  /** Gives a claim back after the DM could not be sent, so a retried run may send it. */
  releaseDm(runId: string, owner: SlackUserId): Promise<void>;
  /** The counts of one `reports` entry (keys whose count started again are left out). */
  counts(report: string): Promise<NudgeCount[]>;
  /**
   * One more scheduled run found the key stale (a second call for the same run changes nothing);
   * the first call, or the first after `reset`, sets `firstNudgedAt`.
   */
  countRun(report: string, key: KeyRef, runId: string, at: Date): Promise<void>;
  /** The key was fixed (no longer stale): its count starts again. */
  reset(report: string, key: KeyRef): Promise<void>;
}
