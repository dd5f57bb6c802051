import type { Actor } from '../../../kernel/authorization';
import type { AuditExport } from '../domain/audit-export';
import type { Clock, SlackUserId } from '../../../kernel/types';
import type { PersonName } from '../../../platform/access/person-names';
import { auditExportBlocks } from './audit-export';
import { outcomeReply } from '../../../platform/slack/blocks/outcome-reply';
import type { Reply } from '../../../platform/slack/blocks/primitives';
import { auditCsvSink } from './audit-export-file';

export interface AuditExportCommandDeps {
  service: AuditExport;
  /** Shares a file with one person, in their DM with the bot: an ephemeral answer cannot hold a file. */
  shareWith(
    user: Actor['slackUserId'],
    file: { filename: string; content: Buffer; comment: string },
  ): Promise<void>;
  clock: Clock;
  /** The name and email of an actor for the CSV; empty when Slack could not say. */
  nameOf?: (userId: SlackUserId) => Promise<PersonName>;
}

/** `/keys audit export [DAYS]`: the CSV goes to the admin's DM; the answer says how many events. */
export async function auditExportReply(
  deps: AuditExportCommandDeps,
  actor: Actor,
  days: number,
): Promise<Reply> {
  const sink = auditCsvSink((file) => deps.shareWith(actor.slackUserId, file), deps.clock.now(), deps.nameOf);
  return outcomeReply(await deps.service.run(actor, days, sink), auditExportBlocks);
}
