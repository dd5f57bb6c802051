import type { Logger } from '../../../kernel/logger';
import { reportId } from '../../../kernel/ports/run-claims';
import type { StaleReport } from '../../reports/domain';
import type { ReportSchedule } from '../../reports/domain';
import type { Clock } from '../../../kernel/types';
import type { HandledSinceData, ReportRun, ReportRuns } from './ports/report-runs';

/** The marks the report's lines carry, counted: a Home says them beside the run's count. */
function handledOf(report: StaleReport): { handled?: HandledSinceData } {
  const handled: HandledSinceData = { deleted: 0, inactive: 0, deletionRequested: 0 };
  for (const mark of report.marks?.values() ?? []) {
    if (mark.kind === 'deleted') handled.deleted++;
    else if (mark.kind === 'inactive') handled.inactive++;
    else handled.deletionRequested++;
  }
  return report.marks && report.marks.size > 0 ? { handled } : {};
}

/** What the reports feature calls after a run was posted. */
export interface ReportRunRecorder {
  ran(index: number, report: StaleReport): Promise<void>;
}

/**
 * Keeps the last run of each entry for the admins' Home. A failed write is logged and swallowed:
 * the report is already posted, and a Home showing an older run is a smaller harm than a failed run.
 */
export function reportRunRecorder(deps: {
  runs: ReportRuns;
  entries: readonly ReportSchedule[];
  clock: Clock;
  log: Logger;
}): ReportRunRecorder {
  return {
    async ran(index, report) {
      const entry = deps.entries[index];
      if (!entry) return;
      const run: ReportRun = {
        report: reportId(index, entry.channel),
        index,
        channel: entry.channel,
        ranAt: deps.clock.now(),
        generatedAt: report.generatedAt,
        staleKeys: report.counts.keys,
        accounts: report.accounts.map((section) => ({
          name: section.account.name,
          ...(section.account.id ? { id: section.account.id } : {}),
          staleKeys: section.staleKeys,
          scannedKeys: section.scanned.keys,
          ...(section.failure ? { failure: section.failure } : {}),
        })),
        ...handledOf(report),
      };
      try {
        await deps.runs.record(run);
      } catch (error) {
        deps.log.warn({ err: error, report: run.report }, 'the last report run could not be stored for Home');
      }
    },
  };
}
