import { idleSince, type StaleKey } from '../domain/classify';
import { isRecentSnooze } from '../domain/snooze';
import type { StaleReport } from '../domain/stale-report';
import { ageInDays } from '../../../kernel/types';
import { inertCell as inert } from '../../../platform/slack/blocks/csv-cells';
import { findingText } from './stale-texts';
import { unreachableSentence } from './unreachable-accounts';

const COLUMNS = [
  'account',
  'account_id',
  'user',
  'key',
  'status',
  'created',
  'age_days',
  'last_used',
  'last_used_service',
  'last_used_region',
  'idle_days',
  'reasons',
  'snoozed_until',
  // Issue 26, item 12: the key by id alone (empty where IAM was not asked), its owner in Slack where
  // the report looked one up, the snooze's reason, and the findings in CIS AWS Foundations' words.
  'key_id',
  'owner',
  'snooze_reason',
  'findings',
];
const HEADER = `${COLUMNS.join(',')}\n`;

/** csv-stringify's default quoting, the file's format until it was joined here: the tests hold them equal. */
function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One key's line, ending in a newline; `ids` maps account names to their ids. */
function row(key: StaleKey, ids: ReadonlyMap<string, string>, now: Date, report: StaleReport): string {
  const snoozed = isRecentSnooze(key.snooze, now) ? key.snooze : undefined;
  const cells = [
    inert(key.account ?? ''),
    ids.get(key.account ?? '') ?? '',
    inert(key.owner),
    key.keyId ?? `access_key_${key.slot ?? '?'}`,
    key.status,
    key.createdAt.toISOString(),
    String(ageInDays(key.createdAt, now)),
    key.lastUse.at?.toISOString() ?? 'never',
    inert(key.lastUse.service ?? ''),
    inert(key.lastUse.region ?? ''),
    String(ageInDays(idleSince(key), now)),
    key.reasons.join(';'),
    // The message's "Snoozed" list: a snooze made lately, ended or not (its date says which).
    snoozed ? snoozed.until.toISOString() : '',
    key.keyId ?? '',
    report.owners?.get(key.owner.toLowerCase()) ?? '',
    inert(snoozed?.reason ?? ''),
    key.reasons.map((reason) => findingText(reason, report.thresholds)).join('; '),
  ];
  return `${cells.map(cell).join(',')}\n`;
}

function accountIds(report: StaleReport): Map<string, string> {
  return new Map(report.accounts.map((section) => [section.account.name, section.account.id ?? '']));
}

/**
 * Every stale key of a report, worst first, for the file shared when the message cannot hold them all.
 * Joined a line at a time: csv-stringify spent about 1.4 KB of garbage a row (64.6 MB for 52,048 keys,
 * +46 MB RSS; +64 MB called a row at a time) where this takes about 0.45 KB and a few MB of RSS
 * (bench/README.md, organization).
 */
export function staleReportCsv(report: StaleReport, now: Date): string {
  const ids = accountIds(report);
  let csv = HEADER;
  for (const key of report.keys) csv += row(key, ids, now, report);
  return csv;
}

/** Lines are gathered into a string this long before they are written as bytes. */
const BATCH_CHARS = 64 * 1024;

/**
 * The same file as `staleReportCsv`, as pieces of bytes of about 64 KB, made again each time they
 * are asked for: the upload counts them, then sends them (uploadStreamed), and the 12.6 MB of a
 * 90,120-key file are never held whole, as a string or as bytes (bench/README.md, organization).
 */
export function staleReportCsvPieces(report: StaleReport, now: Date): () => Iterable<Buffer> {
  const ids = accountIds(report);
  return function* pieces() {
    let batch = HEADER;
    for (const key of report.keys) {
      batch += row(key, ids, now, report);
      if (batch.length >= BATCH_CHARS) {
        yield Buffer.from(batch);
        batch = '';
      }
    }
    yield Buffer.from(batch);
  };
}

function staleReportFilename(now: Date): string {
  return `stale-access-keys-${now.toISOString().slice(0, 10)}.csv`;
}

/** The file shared when the message cannot hold every key: its name, its pieces and its comment. */
export function staleReportFile(report: StaleReport, now: Date) {
  return {
    filename: staleReportFilename(now),
    content: { pieces: staleReportCsvPieces(report, now) },
    comment: [`All ${report.keys.length} stale access keys, worst first.`, unreachableSentence(report)]
      .filter(Boolean)
      .join(' '),
  };
}
