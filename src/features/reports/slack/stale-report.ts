import type { KnownBlock } from '@slack/types';
import type { StaleKey } from '../domain/classify';
import { isSnoozed } from '../domain/snooze';
import { MAX_SNOOZE_DAYS } from '../domain/snooze';
import type { IgnoredKey, SnoozedKeys, StaleReport } from '../domain/stale-report';
import { STALE_REASONS } from '../domain/classify';
import {
  accountText,
  code,
  formatAge,
  formatDate,
  formatDateTime,
} from '../../../platform/slack/blocks/format';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';
import {
  context,
  divider,
  header,
  LIMITS,
  section,
  type Reply,
} from '../../../platform/slack/blocks/primitives';
import { scheduleInWords } from '../../../platform/slack/blocks/schedule-words';
import { reportLines } from './report-lines';
import { dataAsOf, findingText, keyIdsMissingText } from './stale-texts';
import { unreachableSection } from './unreachable-accounts';

/** Ignored keys listed by name at the top; the rest are counted. */
export const MAX_IGNORED_SHOWN = 15;
/** Snoozed keys listed by name under the summary; the rest are counted. */
export const MAX_SNOOZED_SHOWN = 8;
/** A snooze's reason as the list shows it: the row and the audit trail have it whole. */
const SNOOZED_REASON_SHOWN = 100;
export const IGNORED_TITLE = 'Ignored';
export const SNOOZED_TITLE = 'Snoozed';

/** Keys shown with their buttons, two blocks each: with the summary, within Block Kit's 50. */
export const MAX_KEYS_SHOWN = 20;

export interface StaleReportView {
  reply: Reply;
  /** False when some keys did not fit: the full list must go out as a file. */
  complete: boolean;
}

export interface StaleReportViewOptions {
  /** The `reports` entry (or ON_DEMAND), carried by the buttons. */
  reportIndex: number;
  /** Where the file with the full list goes, said in the message when it does not fit. */
  fullListIn: 'thread' | 'dm';
  /** The entry's schedule, said in words under the title; absent for `/keys stale`. */
  schedule?: { cron: string; timezone: string };
  /** A run due while no replica ran, posted late: said first, with when it was due. */
  caughtUpFrom?: Date;
}

const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** How old the data is, roughly: a credential report can be up to four hours old. */
export function formatDataAge(from: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - from.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${formatAge(from, now)} ago`;
}

function summary(report: StaleReport): string {
  const { counts, thresholds } = report;
  if (counts.keys === 0) return ':white_check_mark: *No stale access keys.*';
  const lines = STALE_REASONS.filter((reason) => counts.byReason[reason] > 0).map(
    (reason) => `• ${counts.byReason[reason].toLocaleString('en-US')} ${findingText(reason, thresholds)}`,
  );
  return [
    `*${count(counts.keys, 'stale access key')}* held by *${count(counts.users, 'user')}*`,
    ...lines,
  ].join('\n');
}

/**
 * Per account: its stale keys, or why it is missing. Shown when there is more than one account,
 * or one that failed: a report must never look complete while an account was left out.
 */
function accountLines(report: StaleReport): string | undefined {
  // The accounts not reached have a section of their own (unreachableSection), above this one.
  const scanned = report.accounts.filter((section) => !section.failure);
  if (report.accounts.length < 2 || scanned.length === 0) return undefined;
  return scanned
    .map(
      (section) =>
        `• *${accountText(section.account)}*: ${count(section.staleKeys, 'stale key')} of ${count(section.scanned.keys, 'key')}`,
    )
    .join('\n');
}

function provenance(report: StaleReport, now: Date): string {
  const age = formatDataAge(report.generatedAt, now);
  const checked = `${count(report.scanned.users, 'user')} and ${count(report.scanned.keys, 'key')} checked; exempt users left out`;
  const asOf = dataAsOf(report.generatedAt, report.source, now);
  const unread =
    (report.snoozesUnavailable ? ' · :warning: snoozes could not be read' : '') +
    (report.keyIdsMissing ? ` · :warning: ${keyIdsMissingText(report.keyIdsMissing)}` : '');
  if (report.source === 'credential-report') return `${asOf} (generated ${age}) · ${checked}${unread}`;
  const why = report.fallback === 'denied' ? 'is not permitted' : 'could not be read';
  return `${asOf}, ${age} (the credential report ${why}) · ${checked}${unread}`;
}

function whichKey(key: StaleKey): string {
  return key.keyId ? code(key.keyId) : `access key ${key.slot ?? '?'}`;
}

/** "`alice` in prod (1111…) · `AKIA…`": the key as the lists above the rows name it. */
function keyLabel(key: StaleKey, report: StaleReport): string {
  const where = key.account ? ` in ${accountText(accountOf(report, key.account))}` : '';
  return `${code(key.owner)}${where} · ${whichKey(key)}`;
}

/**
 * Keys still stale `escalateAfterRuns` scheduled runs after their owners were first nudged, snoozed
 * or not: first, so the channel sees them.
 */
function ignoredSection(ignored: IgnoredKey[], report: StaleReport, now: Date): string {
  const lines = ignored
    .slice(0, MAX_IGNORED_SHOWN)
    .map(({ key, ownerSlack, runsSinceFirstNudge, firstNudgedAt }) => {
      const owner = ownerSlack ? ` · owner <@${ownerSlack}>` : '';
      const first = firstNudgedAt ? `first nudged ${formatDate(firstNudgedAt)}` : 'nudged';
      const snoozed = isSnoozed(key.snooze, now)
        ? ` · :zzz: snoozed until ${formatDate(key.snooze.until)}`
        : '';
      return (
        `• ${keyLabel(key, report)} · created ${formatDate(key.createdAt)}${owner} · ` +
        `${first}, still stale ${count(runsSinceFirstNudge, 'scheduled run')} later${snoozed}`
      );
    });
  const more = ignored.length - lines.length;
  return [
    `:warning: *${IGNORED_TITLE}*: ${count(ignored.length, 'key')} still stale after their owners' nudges, snoozed or not`,
    ...lines,
    ...(more > 0 ? [`…and ${count(more, 'more key')}`] : []),
  ].join('\n');
}

/**
 * The keys owners snoozed lately, ended snoozes included: a day-long snooze after each weekly nudge
 * would otherwise never reach the channel. As many lines as one section holds whole.
 */
function snoozedSection(snoozed: SnoozedKeys, report: StaleReport, now: Date): string {
  const title = `:zzz: *${SNOOZED_TITLE}*: ${count(snoozed.count, 'key')} snoozed by their owners in the last ${MAX_SNOOZE_DAYS} days`;
  const lines: string[] = [];
  let length = title.length;
  for (const key of snoozed.keys.slice(0, MAX_SNOOZED_SHOWN)) {
    if (!key.snooze) continue;
    const { by, until, reason } = key.snooze;
    const ended = isSnoozed(key.snooze, now) ? '' : ' (ended)';
    const line = `• ${keyLabel(key, report)} · snoozed by <@${by}> until ${formatDate(until)}${ended}: ${inlineUserText(reason, SNOOZED_REASON_SHOWN)}`;
    // Room kept for the "…and N more" line.
    if (length + 1 + line.length > LIMITS.sectionText - 40) break;
    lines.push(line);
    length += 1 + line.length;
  }
  const more = snoozed.count - lines.length;
  return [title, ...lines, ...(more > 0 ? [`…and ${count(more, 'more key')}`] : [])].join('\n');
}

function accountOf(report: StaleReport, name: string) {
  return report.accounts.find((section) => section.account.name === name)?.account ?? { name };
}

/** The report as one message: summary, provenance, and the worst keys with their buttons. */
export function staleReportBlocks(
  report: StaleReport,
  now: Date,
  options: StaleReportViewOptions,
): StaleReportView {
  const shown = report.keys.slice(0, MAX_KEYS_SHOWN);
  // The schedule in the title itself, so the blocks under it stay where the channel (and tests) know them.
  const when = options.schedule && scheduleInWords(options.schedule.cron, options.schedule.timezone);
  const blocks: KnownBlock[] = [header(when ? `Stale access keys · ${when}` : 'Stale access keys')];
  if (options.caughtUpFrom) {
    blocks.push(
      context(
        `:alarm_clock: Posted late: this run was due ${formatDateTime(options.caughtUpFrom)}, ` +
          'while Keywarden was not running.',
      ),
    );
  }
  if (report.ignored && report.ignored.length > 0)
    blocks.push(section(ignoredSection(report.ignored, report, now)));
  blocks.push(section(summary(report)));
  const unreachable = unreachableSection(report);
  if (unreachable) blocks.push(section(unreachable));
  if (report.snoozed && report.snoozed.count > 0)
    blocks.push(section(snoozedSection(report.snoozed, report, now)));
  const perAccount = accountLines(report);
  if (perAccount) blocks.push(section(perAccount));
  blocks.push(context(provenance(report, now)));
  if (report.rootActiveKeys > 0) {
    blocks.push(
      section(
        `:rotating_light: The root account has ${count(report.rootActiveKeys, 'active access key')}. ` +
          'Keywarden cannot act on root keys: remove them in the AWS console.',
      ),
    );
  }
  if (shown.length > 0) blocks.push(divider());
  blocks.push(...reportLines(shown, report, now, options.reportIndex));
  const complete = shown.length === report.keys.length;
  if (!complete) {
    const where = options.fullListIn === 'thread' ? 'in the thread' : 'in your DM with Keywarden';
    blocks.push(
      context(
        `Showing the ${shown.length} worst of ${report.keys.length}. The full list is ${where} as a CSV file.`,
      ),
    );
  }
  const text =
    report.counts.keys === 0
      ? 'Stale access keys: none.'
      : `Stale access keys: ${count(report.counts.keys, 'key')} held by ${count(report.counts.users, 'user')}.`;
  return { reply: { text, blocks: blocks.slice(0, LIMITS.blocks) }, complete };
}
