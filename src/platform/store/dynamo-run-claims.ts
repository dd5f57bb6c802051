import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RunClaims, ScheduledRun } from '../../kernel/ports/run-claims';
import { TTL_ATTRIBUTE } from './table';
import { isConditionFailure, toStoreError } from './store-errors';

/** A claim only has to outlive the moment its replicas race for it; a month leaves room to look. */
const KEEP_SECONDS = 30 * 24 * 3600;

export const runKey = (run: ScheduledRun) => ({
  pk: `RUN#${run.report}#${run.scheduledAt.toISOString()}`,
  sk: 'RUN',
});

/**
 * One item per scheduled run, written only if absent: of several replicas firing for the same run,
 * exactly one write succeeds, and that replica posts.
 */
export class DynamoRunClaims implements RunClaims {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** `extra`: attributes a claim carries besides (the reports' lease: `leaseUntil`). */
  async claim(
    run: ScheduledRun,
    claimedBy: string,
    at: Date,
    extra: Record<string, string> = {},
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...runKey(run),
            type: 'run',
            report: run.report,
            scheduledAt: run.scheduledAt.toISOString(),
            claimedBy,
            claimedAt: at.toISOString(),
            ...extra,
            [TTL_ATTRIBUTE]: Math.floor(run.scheduledAt.getTime() / 1000) + KEEP_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw toStoreError(error, 'PutItem');
    }
  }
}
