import { stringify } from 'csv-stringify/sync';
import type { AuditEvent } from '../../../kernel/ports/audit-log';
import { inertStoredText as inert } from '../../../platform/slack/blocks/csv-cells';

export const AUDIT_CSV_COLUMNS = [
  'at',
  'actor',
  'action',
  'outcome',
  'account',
  'owner',
  'key_id',
  'request_id',
  'detail',
] as const;

export function auditCsvHeader(): string {
  return stringify([[...AUDIT_CSV_COLUMNS]]);
}

/**
 * Rows for a page of events, to append after the header: an export is written a page at a time.
 * Every cell is made inert: a reason in `detail` and a user name were chosen by people or IAM, and
 * an item stored before the user-text rule, or written to the table past the bot, may hold anything.
 */
export function auditCsvRows(events: AuditEvent[]): string {
  return stringify(
    events.map((event) => [
      event.at.toISOString(),
      inert(event.actor),
      inert(event.action),
      inert(event.outcome),
      inert(event.account ?? ''),
      inert(event.owner ?? ''),
      inert(event.keyId ?? ''),
      inert(event.requestId ?? ''),
      inert(event.detail ?? ''),
    ]),
  );
}

export function auditCsvFilename(now: Date, days: number): string {
  return `keywarden-audit-${days}-days-to-${now.toISOString().slice(0, 10)}.csv`;
}
