import { stringify } from 'csv-stringify/sync';
import type { AuditEvent } from '../../keys/ports/audit-log';
import { inertCell } from './csv-cells';

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
 * Every cell people or IAM could have chosen (a reason in `detail`, a user name) is made inert.
 */
export function auditCsvRows(events: AuditEvent[]): string {
  return stringify(
    events.map((event) => [
      event.at.toISOString(),
      event.actor,
      event.action,
      event.outcome,
      inertCell(event.account ?? ''),
      inertCell(event.owner ?? ''),
      inertCell(event.keyId ?? ''),
      inertCell(event.requestId ?? ''),
      inertCell(event.detail ?? ''),
    ]),
  );
}

export function auditCsvFilename(now: Date, days: number): string {
  return `keywarden-audit-${days}-days-to-${now.toISOString().slice(0, 10)}.csv`;
}
