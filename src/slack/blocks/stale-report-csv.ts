import { idleSince } from '../../keys/stale/classify';
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

/** csv-stringify's default quoting, the file's format until it was joined here: the tests hold them equal. */
function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Every stale key of a report, worst first, for the file shared when the message cannot hold them all.
 * Joined a line at a time: csv-stringify spent about 1.4 KB of garbage a row (64.6 MB for 52,048 keys,
 * +46 MB RSS; +64 MB called a row at a time) where this takes about 0.45 KB and a few MB of RSS
 * (bench/README.md, organization).
 */
export function staleReportCsv(report: StaleReport, now: Date): string {
  const ids = new Map(report.accounts.map((section) => [section.account.name, section.account.id ?? '']));
  let csv = `${COLUMNS.join(',')}\n`;
  for (const key of report.keys) {
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
    csv += `${cells.map(cell).join(',')}\n`;
  }
  return csv;
}

export function staleReportFilename(now: Date): string {
  return `stale-access-keys-${now.toISOString().slice(0, 10)}.csv`;
}
