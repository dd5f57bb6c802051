import { KeywardenError } from '../../../../kernel/errors';
import type { StaleReport } from '../stale-report';

export interface PublishTarget {
  channel: string;
  /** The `reports` entry, carried by the buttons so a click is judged by the same thresholds. */
  reportIndex: number;
  /** The run's scheduled time; absent for a run started by hand. */
  scheduledAt?: Date;
  /** Due while no replica ran, posted now: the message says so. */
  caughtUp?: boolean;
}

/**
 * How far a publication got, filled in by the publisher as each step succeeds, so a retry after a
 * rate limit picks up where it stopped instead of posting the message twice.
 */
export interface PublishProgress {
  messageTs?: string;
  fileShared?: boolean;
}

/** The channel is rate limited: try the same publication again after `retryAfterMs`. */
export class RetryLaterError extends KeywardenError {
  constructor(
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super('RETRY_LATER', `rate limited; retry after ${retryAfterMs} ms`, options);
    this.name = 'RetryLaterError';
  }
}

/** Where scheduled reports go; the Slack implementation lives in the slice's slack/ folder. */
export interface ReportPublisher {
  /** Throws RetryLaterError when rate limited; `progress` says what is already done. */
  publish(target: PublishTarget, report: StaleReport, progress: PublishProgress): Promise<void>;
}
