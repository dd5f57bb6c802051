import { stringify } from 'csv-stringify/sync';
import type { AuditEvent } from '../../../kernel/ports/audit-log';
import { inertStoredText as inert } from '../../../platform/slack/blocks/csv-cells';
import type { PersonName } from '../../../platform/access/person-names';

/** A person's name and email by Slack user id, as far as the directory said (empty where it did not). */
export type ActorNames = ReadonlyMap<string, PersonName>;

export const AUDIT_CSV_COLUMNS = [
  'at',
  'actor',
  'actor_name',
  'actor_email',
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
export function auditCsvRows(events: AuditEvent[], names: ActorNames = new Map()): string {
  return stringify(
    events.map((event) => [
      event.at.toISOString(),
      inert(event.actor),
      inert(names.get(event.actor)?.name ?? ''),
      inert(names.get(event.actor)?.email ?? ''),
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
