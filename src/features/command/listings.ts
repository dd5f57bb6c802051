import { PendingRequests } from '../approvals/domain/pending-requests';
import { AuditExport } from '../audit/domain/audit-export';
import { AuditQueries } from '../audit/domain/audit-queries';
import type { AuditExportCommandDeps } from '../audit/slack/audit-export-command';
import { shareCsv } from '../../platform/slack/csv-file';
import { openDm } from '../../platform/slack/dm';
import { DynamoApprovalPages } from '../approvals/store/dynamo-approval-pages';
import { DynamoAuditLog } from '../audit/store/dynamo-audit-log';
import type { FeatureContext } from '../../platform/feature-context';

export interface ListingsFeature {
  pendingRequests: PendingRequests;
  auditQueries: AuditQueries;
  auditExport: AuditExportCommandDeps;
}

/** What people read page by page (pending requests, the audit trail), and the trail's export. */
export function createListingsFeature(context: FeatureContext): ListingsFeature {
  const { store, client, clock, log } = context;
  // The same table as the context's trail, through the reading side of its adapter.
  const audit = new DynamoAuditLog(store.doc, store.tableName, clock);
  return {
    pendingRequests: new PendingRequests(
      new DynamoApprovalPages(store.doc, store.tableName, (error) =>
        log.error({ err: error }, 'an approval item in the table is not one Keywarden wrote; skipped'),
      ),
      clock,
    ),
    auditQueries: new AuditQueries(audit),
    auditExport: {
      service: new AuditExport(audit, clock, log),
      // The app's client: the file is an answer to the admin who asked.
      shareWith: async (user, file) => shareCsv(client, { channelId: await openDm(client, user), ...file }),
      clock,
    },
  };
}
