import type { AuditExportSink } from '../domain/audit-export';
import type { AuditEvent } from '../../../kernel/ports/audit-log';
import type { PersonName } from '../../../platform/access/person-names';
import type { SlackUserId } from '../../../kernel/types';
import { auditCsvFilename, auditCsvHeader, auditCsvRows } from './audit-csv';
import { auditWhen } from './audit-detail-words';

export type ShareFile = (file: { filename: string; content: Buffer; comment: string }) => Promise<void>;

/**
 * The export as a CSV, written a page of events at a time: only the file's bytes are kept, never
 * the events (files.uploadV2 reads a whole file before it uploads it, so the bytes are the floor).
 */
export function auditCsvSink(
  share: ShareFile,
  now: Date,
  nameOf: (userId: SlackUserId) => Promise<PersonName> = async () => ({}),
): AuditExportSink {
  const chunks: Buffer[] = [Buffer.from(auditCsvHeader())];
  return {
    async write(events: AuditEvent[]) {
      // Each person of the page once (the directory's answers are cached across pages and exports).
      const people = [...new Set(events.flatMap((event) => (event.actor === 'system' ? [] : [event.actor])))];
      const names = new Map(await Promise.all(people.map(async (id) => [id, await nameOf(id)] as const)));
      chunks.push(Buffer.from(auditCsvRows(events, names)));
    },
    async deliver({ events, days, since }) {
      await share({
        filename: auditCsvFilename(now, days),
        content: Buffer.concat(chunks),
        comment: `Keywarden's audit trail since ${auditWhen(since)}: ${events} events, oldest first.`,
      });
    },
  };
}
