import { DAY_MS, type SlackUserId } from '../../../kernel/types';
import type { KeyRef } from './key-ref';

/** The longest snooze: a finding may wait a month, not a quarter. */
export const MAX_SNOOZE_DAYS = 30;

/** The longest reason kept: enough for a sentence and a ticket number, and within a Slack section. */
export const MAX_SNOOZE_REASON = 500;

/** An owner's "not now" for one stale key: it leaves their nudges until `until`, with a reason. */
export interface Snooze {
  key: KeyRef;
  by: SlackUserId;
  at: Date;
  until: Date;
  reason: string;
}

export function isSnoozed(snooze: Snooze | undefined, now: Date): snooze is Snooze {
  return snooze !== undefined && snooze.until.getTime() > now.getTime();
}

/**
 * A snooze the channel report still tells of: made within the longest a snooze lasts, so it covers
 * every snooze not yet ended and, with reports a week or a month apart, the day-long snoozes that an
 * owner made after each nudge and that ended between two reports.
 */
export function isRecentSnooze(snooze: Snooze | undefined, now: Date): snooze is Snooze {
  return snooze !== undefined && now.getTime() - snooze.at.getTime() < MAX_SNOOZE_DAYS * DAY_MS;
}
