import { stringify } from 'csv-stringify/sync';
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

/**
 * Every stale key of a report, worst first, for the file shared when the message cannot hold them all.
 * Stringified a row at a time: handing csv-stringify all rows at once kept every row array and its
 * output alive together, 64.6 MB allocated and +46 MB RSS for a 6.73 MB file of 52,048 keys
 * (bench/README.md); row by row the same bytes cost about 3 MB over the string itself.
 */
export function staleReportCsv(report: StaleReport, now: Date): string {
  const ids = new Map(report.accounts.map((section) => [section.account.name, section.account.id ?? '']));
  const lines = [stringify([COLUMNS])];
  for (const key of report.keys) {
    lines.push(
      stringify([
        [
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
        ],
      ]),
    );
  }
  return lines.join('');
}

export function staleReportFilename(now: Date): string {
  return `stale-access-keys-${now.toISOString().slice(0, 10)}.csv`;
}
