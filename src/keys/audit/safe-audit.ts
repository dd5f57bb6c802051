import type { Logger } from '../../logger';
import type { AuditEvent, AuditLog } from '../ports/audit-log';

/**
 * Records an event after the fact it describes has happened. If the store fails now, the change
 * is already made and must still be answered truthfully, so the event goes to the log in full
 * (it never holds a secret) for the review to find.
 */
export async function recordAfterTheFact(audit: AuditLog, log: Logger, event: AuditEvent): Promise<void> {
  try {
    await audit.record(event);
  } catch (error) {
    log.error({ err: error, audit: event }, 'audit event could not be stored');
  }
}
