import type { StaleReason } from '../domain/classify';
import type { ScanSource } from '../../../kernel/key-facts/key-facts';
import { MAX_SNOOZE_REASON, type Snooze } from '../domain/snooze';
import type { StaleThresholds } from '../domain/thresholds';
import { code, formatDate, formatDateTime } from '../../../platform/slack/blocks/format';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';

/** The words people see when a stale-report button does not act. Tests assert on these constants. */
export const BAD_REPORT_BUTTON = 'That button does not name a key Keywarden can act on. Nothing was changed.';
export const REPORTED_KEY_GONE =
  'That key no longer exists: it was deleted or replaced since the report was made. Nothing was changed.';
export const REPORTED_KEY_NOT_ACTIVE = 'That key is already inactive. Nothing was changed.';
export const REPORTED_KEY_NO_LONGER_STALE = 'That key is no longer stale';

/** A button of a report made in one account, whose name the policy now gives to another. */
export function accountRenamedText(account: string, accountId: string, nowId: string): string {
  return (
    `That line was for the AWS account ${code(account)} (${accountId}), but ${code(account)} now names ` +
    `the account ${nowId}. Nothing was done, in either account. Run the report again to act on its keys.`
  );
}

export function noLongerStaleText(lastUsedAt?: Date): string {
  const used = lastUsedAt ? ` (last used ${formatDateTime(lastUsedAt)})` : '';
  return `${REPORTED_KEY_NO_LONGER_STALE}${used}: it was used or the policy changed since the report. Nothing was changed.`;
}

const days = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'day' : 'days'}`;

/**
 * The findings in the words of the CIS AWS Foundations Benchmark (v1.5 to v3.0 numbering: 1.12
 * "Ensure credentials unused for 45 days or greater are disabled", 1.13 "Ensure there is only one
 * active access key available for any single IAM user", 1.14 "Ensure access keys are rotated every
 * 90 days or less"), with the policy's own thresholds in place of CIS's 45 and 90 days.
 */
export function findingText(reason: StaleReason, thresholds: StaleThresholds): string {
  switch (reason) {
    case 'too-old':
      return `not rotated in ${days(thresholds.maxAgeDays)} or less (CIS 1.14)`;
    case 'unused':
      return `credentials unused for ${days(thresholds.maxUnusedDays)} or more (CIS 1.12)`;
    case 'never-used':
      return `credentials unused for ${days(thresholds.maxUnusedDays)} or more, never used (CIS 1.12)`;
    case 'more-than-one-active':
      return `${MORE_THAN_ONE_ACTIVE} (CIS 1.13)`;
  }
}

export const MORE_THAN_ONE_ACTIVE = 'more than one active key';

/** Where a report's data came from, in the words every report and DM uses. */
export const SOURCE_TEXT: Record<ScanSource, string> = {
  'credential-report': "IAM's credential report",
  listing: "listing every user's keys",
};

/**
 * "Data as of 09:00 UTC, from IAM's credential report": the data can be hours old, and a person
 * acting on it should know. The date is said when it is not today's (UTC).
 */
export function dataAsOf(generatedAt: Date, source: ScanSource, now: Date): string {
  const time = generatedAt.toISOString().slice(11, 16);
  const sameDay = generatedAt.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
  const when = sameDay ? `${time} UTC` : `${formatDate(generatedAt)} ${time} UTC`;
  return `Data as of ${when}, from ${SOURCE_TEXT[source]}`;
}

/** "snoozed by @alice until 2026-12-01: waiting for the vendor", for a snooze that has not ended. */
export function snoozeText(snooze: Snooze): string {
  return `:zzz: snoozed by <@${snooze.by}> until ${formatDate(snooze.until)}: ${inlineUserText(snooze.reason, MAX_SNOOZE_REASON)}`;
}

/** Said where a key is named by its slot because IAM would not list its id (the report goes out all the same). */
export const KEY_IDS_NOT_FOUND = 'their key ids could not be looked up in IAM';

/** "2 keys are named by slot (access key 1 or 2) and creation date: their key ids could not be…" */
export function keyIdsMissingText(keys: number): string {
  const which = keys === 1 ? '1 key is' : `${keys.toLocaleString('en-US')} keys are`;
  return `${which} named by slot (access key 1 or 2) and creation date: ${KEY_IDS_NOT_FOUND}`;
}

export const FULL_LIST_NOT_SENT =
  'The full list could not be sent as a file; the worst keys are shown above.';

/** A report line someone acted on, as the whole channel sees it in place of its buttons. */
const HANDLED: Record<'deactivated' | 'deletion-requested' | 'rotation-started' | 'owner-nudged', string> = {
  'owner-nudged': ':bell: Owner nudged',
  deactivated: ':white_circle: Deactivated',
  'deletion-requested': ':hourglass_flowing_sand: Deletion requested',
  'rotation-started': ':arrows_counterclockwise: Rotation started',
};

export function handledLineText(what: keyof typeof HANDLED, by: string, at: Date): string {
  return `${HANDLED[what]} by <@${by}> at ${formatDateTime(at)}`;
}

/** A reported key, as a modal about it names it: whose, where, and when it was made. */
export function reportedKeyText(key: { owner: string; account?: string; createdAt: Date }): string {
  const where = key.account ? ` in *${inlineUserText(key.account)}*` : '';
  return `The key of ${code(key.owner)}${where} created ${formatDateTime(key.createdAt)}`;
}
