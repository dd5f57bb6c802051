import { Auditor } from '../../kernel/auditor';
import { AuditExport } from './domain/audit-export';
import { AuditQueries } from './domain/audit-queries';
import { AUDIT_NEXT_ACTION, AUDIT_PREVIOUS_ACTION } from './slack/audit';
import type { AuditExportCommandDeps } from './slack/audit-export-command';
import { auditPageButton } from './slack/audit-page-buttons';
import { DynamoAuditLog } from './store/dynamo-audit-log';
import { shareCsv } from '../../platform/slack/csv-file';
import { openDm } from '../../platform/slack/dm';
import type { Clock } from '../../kernel/types';
import type { FeatureContext, SlackSurfaces } from '../../platform/feature-context';
import type { OpenStore } from '../../platform/store/open-store';

export interface AuditApi {
  queries: AuditQueries;
  /** `/keys audit export`: the service and where its file goes. */
  export: AuditExportCommandDeps;
}

/** The trail every slice writes to: made by the app before any slice, as part of the context. */
export function createAuditLog(store: OpenStore, clock: Clock): DynamoAuditLog {
  return new DynamoAuditLog(store.doc, store.tableName, clock);
}

/** Reading the audit trail page by page, and its export. */
export function install(slack: SlackSurfaces, context: FeatureContext): AuditApi {
  const { store, client, clock, log } = context;
  // The same table as the context's trail, through the reading side of its adapter.
  const trail = createAuditLog(store, clock);
  const queries = new AuditQueries(trail, new Auditor(trail, clock, log));
  slack.buttons.on(AUDIT_NEXT_ACTION, auditPageButton('next', queries));
  slack.buttons.on(AUDIT_PREVIOUS_ACTION, auditPageButton('previous', queries));
  return {
    queries,
    export: {
      service: new AuditExport(trail, clock, log),
      // The app's client: the file is an answer to the admin who asked.
      shareWith: async (user, file) => shareCsv(client, { channelId: await openDm(client, user), ...file }),
      clock,
    },
  };
}

// What the command shows of the trail.
export type { AuditTrail } from './domain/audit-queries';
export { DEFAULT_EXPORT_DAYS, MAX_EXPORT_DAYS } from './domain/audit-export';
export { auditPageBlocks } from './slack/audit';
export { auditExportReply } from './slack/audit-export-command';
// The audit stream (KEYWARDEN_AUDIT_EVENT_BUS): the trail, each event also copied as OCSF.
export { StreamedAuditLog, type AuditStream } from './domain/streamed-audit-log';
export type { OcsfAccountChange } from './domain/ocsf-account-change';
