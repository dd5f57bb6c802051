import { ErrorCode, WebClient, type Logger as SlackLogger } from '@slack/web-api';
import {
  RetryLaterError,
  type PublishProgress,
  type PublishTarget,
  type ReportPublisher,
} from '../domain/ports/report-publisher';
import type { StaleReport } from '../domain/stale-report';
import type { Clock } from '../../../kernel/types';
import { staleReportFile } from './stale-report-csv';
import { staleReportBlocks } from './stale-report';
import { SAFE_CLIENT_OPTIONS, type SharedClientOptions } from '../../../platform/slack/web-client-options';
import { shareCsv } from '../../../platform/slack/csv-file';
import { codeOf } from '../../../kernel/errors';

export const REPORT_EVENT = 'keywarden_stale_report';

export interface ReportClientSettings {
  botToken: string;
  apiUrl?: string;
  logger: SlackLogger;
  shared?: SharedClientOptions;
}

/**
 * The scheduled reports' own WebClient. A 429 pauses every call queued on a WebClient for the whole
 * Retry-After, and by default keeps retrying for half an hour; on the app's client that would hold up
 * answers to people. This one rejects rate-limited calls at once, and the run retries on its own timer.
 */
export function createReportClient(settings: ReportClientSettings): WebClient {
  return new WebClient(settings.botToken, {
    ...settings.shared,
    ...SAFE_CLIENT_OPTIONS,
    slackApiUrl: settings.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
    timeout: 30_000,
    logger: settings.logger,
  });
}

/** Posts a report to its channel, and the full list as a CSV in its thread when the message cannot hold it. */
export class SlackReportPublisher implements ReportPublisher {
  constructor(
    private readonly client: WebClient,
    private readonly clock: Clock,
    /** The policy's `reports` entries, whose schedules the messages say in words. */
    private readonly entries: readonly { schedule: string; timezone: string }[] = [],
  ) {}

  async publish(target: PublishTarget, report: StaleReport, progress: PublishProgress): Promise<void> {
    const now = this.clock.now();
    const entry = this.entries[target.reportIndex];
    const view = staleReportBlocks(report, now, {
      reportIndex: target.reportIndex,
      fullListIn: 'thread',
      ...(entry ? { schedule: { cron: entry.schedule, timezone: entry.timezone } } : {}),
      ...(target.caughtUp && target.scheduledAt ? { caughtUpFrom: target.scheduledAt } : {}),
    });
    try {
      if (!progress.messageTs) {
        const posted = await this.client.chat.postMessage({
          channel: target.channel,
          text: view.reply.text,
          blocks: view.reply.blocks,
          // Machine-readable: which run this is, for whoever audits the channel (and the replica tests).
          ...(target.scheduledAt
            ? {
                metadata: {
                  event_type: REPORT_EVENT,
                  event_payload: {
                    report: target.reportIndex,
                    scheduled_at: target.scheduledAt.toISOString(),
                  },
                },
              }
            : {}),
        });
        if (!posted.ts) throw new Error('chat.postMessage returned no ts');
        progress.messageTs = posted.ts;
      }
      if (!view.complete && !progress.fileShared) {
        await shareCsv(this.client, {
          channelId: target.channel,
          threadTs: progress.messageTs,
          ...staleReportFile(report, now),
        });
        progress.fileShared = true;
      }
    } catch (error) {
      const retryAfter = (error as { retryAfter?: number }).retryAfter;
      if (codeOf(error) === ErrorCode.RateLimitedError && retryAfter !== undefined) {
        throw new RetryLaterError(retryAfter * 1000, { cause: error });
      }
      throw error;
    }
  }
}
