import { Auditor } from '../../kernel/auditor';
import { AuditExport } from './domain/audit-export';
import { AuditQueries } from './domain/audit-queries';
import { AUDIT_NEXT_ACTION, AUDIT_PREVIOUS_ACTION } from './slack/audit';
import type { AuditExportCommandDeps } from './slack/audit-export-command';
import { auditPageButton } from './slack/audit-page-buttons';
import { DynamoAuditLog } from './store/dynamo-audit-log';
import { shareCsv } from '../../platform/slack/csv-file';
import { openDm } from '../../platform/slack/dm';
import { PersonNames } from '../../platform/access/person-names';
import { WebApiDirectory } from '../../platform/slack/web-api-directory';
import type { Clock } from '../../kernel/types';
import type { Actor } from '../../kernel/authorization';
import type { AnyRefusal } from '../../kernel/outcome';
import type { AuditAction } from '../../kernel/ports/audit-log';
import type { FeatureContext, SlackSurfaces } from '../../platform/feature-context';
import type { OpenStore } from '../../platform/store/open-store';

export interface AuditApi {
  queries: AuditQueries;
  /**
   * A refusal decided before a slice's domain is reached (the `/keys` command's target: a stranger's
   * `/keys create`), recorded as the domains record theirs: every refusal is in the trail.
   */
  refused(actor: Actor, action: AuditAction, refusal: AnyRefusal): Promise<void>;
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
  const auditor = new Auditor(trail, clock, log);
  // Who each actor is, for the export's actor_name / actor_email: the bot's own Slack directory.
  const names = new PersonNames(new WebApiDirectory(client), log);
  const queries = new AuditQueries(trail, auditor);
  slack.buttons.on(AUDIT_NEXT_ACTION, auditPageButton('next', queries));
  slack.buttons.on(AUDIT_PREVIOUS_ACTION, auditPageButton('previous', queries));
  return {
    queries,
    refused: (actor, action, refusal) => auditor.as(actor).refused(action, { detail: refusal.reason }),
    export: {
      service: new AuditExport(trail, clock, log),
      // The app's client: the file is an answer to the admin who asked.
      shareWith: async (user, file) => shareCsv(client, { channelId: await openDm(client, user), ...file }),
      clock,
      nameOf: (userId) => names.of(userId),
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
