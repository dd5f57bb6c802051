import type { AuditExportResult } from '../domain/audit-export';
import { plainReply, type Reply } from '../../../platform/slack/blocks/primitives';

function events(count: number): string {
  return `${count} audit event${count === 1 ? '' : 's'}`;
}

function lastDays(days: number): string {
  return `the last ${days} day${days === 1 ? '' : 's'}`;
}

export function auditExportedText(count: number, days: number): string {
  return `Exported ${events(count)} of ${lastDays(days)}, refusals included, as a CSV file: it is in your DM with Keywarden.`;
}

export function nothingToExportText(days: number): string {
  return `No audit events in ${lastDays(days)}, so no file was made.`;
}

export function exportNotSentText(count: number): string {
  return `The export (${events(count)}) could not be sent to your DM with Keywarden. Please try again.`;
}

/** The ephemeral answer to `/keys audit export`: how many events, and where the file is. */
export function auditExportBlocks(result: AuditExportResult): Reply {
  switch (result.file) {
    case 'delivered':
      return plainReply(auditExportedText(result.events, result.days));
    case 'none':
      return plainReply(nothingToExportText(result.days));
    case 'failed':
      return plainReply(exportNotSentText(result.events));
  }
}
