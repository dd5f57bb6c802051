import { randomUUID } from 'node:crypto';
import type { AuditEvent, AuditLog, AuditQuery } from '../../../kernel/ports/audit-log';
import { ocsfAccountChange, type OcsfAccountChange } from './ocsf-account-change';

/** Where audit events are copied to (an event bus): publish only queues, it never waits or throws. */
export interface AuditStream {
  publish(event: OcsfAccountChange): void;
}

export interface StreamedAuditLogOptions {
  productVersion: string;
  /** The twelve digits of a managed account, by its name, where they are known. */
  accountIdOf: (name: string) => string | undefined;
}

/**
 * The audit trail, with every event also copied to a stream. The trail stays the record: the copy
 * is queued before the trail is written (so an event the store refuses still reaches the SIEM) and
 * sent later, so the stream can never hold up or fail the action the event describes.
 */
export class StreamedAuditLog implements AuditLog {
  constructor(
    private readonly trail: AuditLog,
    private readonly stream: AuditStream,
    private readonly options: StreamedAuditLogOptions,
  ) {}

  record(event: AuditEvent): Promise<void> {
    const accountId = event.account ? this.options.accountIdOf(event.account) : undefined;
    this.stream.publish(
      ocsfAccountChange(event, {
        uid: randomUUID(),
        productVersion: this.options.productVersion,
        ...(accountId ? { accountId } : {}),
      }),
    );
    return this.trail.record(event);
  }

  recent(query: AuditQuery): Promise<AuditEvent[]> {
    return this.trail.recent(query);
  }
}
