import type { AuditExportSink } from '../domain/audit-export';
import type { AuditEvent } from '../../../kernel/ports/audit-log';
import { auditCsvFilename, auditCsvHeader, auditCsvRows } from './audit-csv';

export type ShareFile = (file: { filename: string; content: Buffer; comment: string }) => Promise<void>;

/**
 * The export as a CSV, written a page of events at a time: only the file's bytes are kept, never
 * the events (files.uploadV2 reads a whole file before it uploads it, so the bytes are the floor).
 */
export function auditCsvSink(share: ShareFile, now: Date): AuditExportSink {
  const chunks: Buffer[] = [Buffer.from(auditCsvHeader())];
  return {
    write(events: AuditEvent[]) {
      chunks.push(Buffer.from(auditCsvRows(events)));
    },
    async deliver({ events, days, since }) {
      await share({
        filename: auditCsvFilename(now, days),
        content: Buffer.concat(chunks),
        comment: `Keywarden's audit trail since ${since.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${events} events, oldest first.`,
      });
    },
  };
}
