/**
 * For comparison only: the same file as src/features/reports/slack/stale-report-csv.ts's staleReportCsv, joined
 * by hand a row at a time instead of through csv-stringify/sync. report-memory-steps.ts checks that
 * the bytes are the same and measures what each allocates; the bot itself does not use this.
 */
import { idleSince } from '../src/features/reports/domain/classify';
import { isRecentSnooze } from '../src/features/reports/domain/snooze';
import type { StaleReport } from '../src/features/reports/domain/stale-report';
import { ageInDays } from '../src/kernel/types';

const HEADER =
  'account,account_id,user,key,status,created,age_days,last_used,last_used_service,last_used_region,idle_days,reasons,snoozed_until';

function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** csv-stringify's default quoting: a cell with a comma, a quote or a line break is quoted. */
function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function joinedStaleReportCsv(report: StaleReport, now: Date): string {
  const ids = new Map(report.accounts.map((section) => [section.account.name, section.account.id ?? '']));
  let out = `${HEADER}\n`;
  for (const key of report.keys) {
    out +=
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
        isRecentSnooze(key.snooze, now) ? key.snooze.until.toISOString() : '',
      ]
        .map(cell)
        .join(',') + '\n';
  }
  return out;
}
