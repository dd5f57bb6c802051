import { idleSince, type StaleKey } from '../../keys/stale/classify';
import type { StaleReport } from '../../keys/stale/stale-report';
import { ageInDays } from '../../keys/types';
import { inertCell as inert } from './csv-cells';

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
];
const HEADER = `${COLUMNS.join(',')}\n`;

/** csv-stringify's default quoting, the file's format until it was joined here: the tests hold them equal. */
function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One key's line, ending in a newline; `ids` maps account names to their ids. */
function row(key: StaleKey, ids: ReadonlyMap<string, string>, now: Date): string {
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
  for (const key of report.keys) csv += row(key, ids, now);
  return csv;
}

/** Lines are gathered into a string this long before they are written as bytes. */
const BATCH_CHARS = 64 * 1024;
/** Above a line's usual length (about 140 bytes): pages of the buffer never written are never resident. */
const BYTES_PER_KEY_GUESS = 256;

/**
 * The same file as `staleReportCsv`, as the bytes the upload sends: the 12.6 MB of a 90,120-key file
 * were held twice, as the string and as the SDK's copy of it in bytes (bench/README.md, organization).
 * Written into one buffer sized by a guess that is grown, rarely, by doubling.
 */
export function staleReportCsvBytes(report: StaleReport, now: Date): Buffer {
  const ids = accountIds(report);
  let bytes = Buffer.allocUnsafe(HEADER.length + report.keys.length * BYTES_PER_KEY_GUESS);
  let length = 0;
  const write = (text: string) => {
    const needed = Buffer.byteLength(text);
    if (length + needed > bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(bytes.length * 2, length + needed));
      bytes.copy(grown, 0, 0, length);
      bytes = grown;
    }
    length += bytes.write(text, length);
  };
  let batch = HEADER;
  for (const key of report.keys) {
    batch += row(key, ids, now);
    if (batch.length >= BATCH_CHARS) {
      write(batch);
      batch = '';
    }
  }
  write(batch);
  return bytes.subarray(0, length);
}

export function staleReportFilename(now: Date): string {
  return `stale-access-keys-${now.toISOString().slice(0, 10)}.csv`;
}
