import { Counter, type Registry } from 'prom-client';

export const AUDIT_STREAM_DROPPED_METRIC = 'keywarden_audit_stream_dropped_total';

/** keywarden_audit_stream_dropped_total in the bot's registry; the returned function counts one. */
export function auditStreamDroppedCounter(registry: Registry): () => void {
  const counter = new Counter({
    name: AUDIT_STREAM_DROPPED_METRIC,
    help: 'Audit events not sent to the event bus (queue full during an outage, too large, or refused); the store still holds them.',
    registers: [registry],
  });
  return () => counter.inc();
}
