import type { AuditEvent, AuditLog } from '../../kernel/ports/audit-log';
import type { Metrics } from './metrics';

/**
 * The audit log, counting deletions as it records them (keywarden_deletions_total{outcome}): every
 * DeleteAccessKey the approvals carry out is audited as `delete`, whoever or whatever ran it (a
 * click, the sweep), so this is the one place that sees them all.
 */
export function countingDeletions(audit: AuditLog, metrics: Metrics): AuditLog {
  return {
    async record(event: AuditEvent) {
      await audit.record(event);
      if (event.action === 'delete' && event.outcome !== 'refused')
        metrics.deletions.labels(event.outcome).inc();
    },
    recent: (query) => audit.recent(query),
  };
}
