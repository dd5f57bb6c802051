import type {
  PublishProgress,
  PublishTarget,
  ReportPublisher,
} from '../../../src/features/reports/domain/ports/report-publisher';
import type { StaleReport } from '../../../src/features/reports/domain/stale-report';
import { Faults } from './faults';

/**
 * Posts reports into a list, honouring `progress` as the Slack publisher does: a retry after a
 * failure never posts a message that already went out. A fault (e.g. RetryLaterError) strikes before
 * the message is posted.
 */
export class RecordingReportPublisher implements ReportPublisher {
  readonly faults = new Faults<'publish'>();
  readonly posts: { target: PublishTarget; report: StaleReport }[] = [];
  attempts = 0;

  async publish(target: PublishTarget, report: StaleReport, progress: PublishProgress): Promise<void> {
    this.attempts += 1;
    if (progress.messageTs) return;
    this.faults.check('publish');
    this.posts.push({ target, report });
    progress.messageTs = `${this.posts.length}.000400`;
  }
}
