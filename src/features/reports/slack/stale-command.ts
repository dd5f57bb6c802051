import type { CsvFile } from '../../../platform/slack/csv-file';
import type { Actor } from '../../../kernel/authorization';
import type { StaleReportService } from '../domain/stale-report-service';
import { ON_DEMAND, thresholdsFor, type StaleThresholds } from '../domain/thresholds';
import type { Clock } from '../../../kernel/types';
import type { Logger } from '../../../platform/logger';
import { context, type Reply } from '../../../platform/slack/blocks/primitives';
import { refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import { staleReportFile } from './stale-report-csv';
import { staleReportBlocks } from './stale-report';
import { FULL_LIST_NOT_SENT } from './stale-texts';

export interface StaleCommandDeps {
  service: StaleReportService;
  reports: readonly StaleThresholds[];
  /** Shares a CSV with one person, in their DM with the bot: an ephemeral answer cannot hold a file. */
  shareWith(
    user: Actor['slackUserId'],
    file: { filename: string; content: CsvFile['content']; comment: string },
  ): Promise<void>;
  clock: Clock;
  log: Logger;
}

/** `/keys stale`: the report now, for admins, answered ephemerally; the full list as a file in a DM. */
export async function staleReply(deps: StaleCommandDeps, actor: Actor): Promise<Reply> {
  const outcome = await deps.service.onDemand(actor, thresholdsFor(deps.reports, ON_DEMAND));
  if (!outcome.ok) return refusalReply(outcome.refusal);
  const report = outcome.value;
  const now = deps.clock.now();
  const view = staleReportBlocks(report, now, { reportIndex: ON_DEMAND, fullListIn: 'dm' });
  if (view.complete) return view.reply;
  try {
    await deps.shareWith(actor.slackUserId, staleReportFile(report, now));
    return view.reply;
  } catch (error) {
    deps.log.warn({ err: error }, 'the stale-key list could not be shared');
    const blocks = [...view.reply.blocks.slice(0, -1), context(FULL_LIST_NOT_SENT)];
    return { text: view.reply.text, blocks };
  }
}
