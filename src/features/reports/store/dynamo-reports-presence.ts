import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { ReportsPresence } from '../domain/ports/run-leases';
import { isConditionFailure, toStoreError } from '../../../platform/store/store-errors';
import { TTL_ATTRIBUTE } from '../../../platform/store/table';

const KEY = { pk: 'REPORTS#PRESENCE', sk: 'PRESENCE' };
/** Longer than any run is caught up after (hours): a mark older than this says nothing useful. */
const KEEP_SECONDS = 7 * 24 * 3600;

const presenceItem = z.object({ at: z.string().datetime() });

/** One item, `REPORTS#PRESENCE`, whose `at` only moves forward (a conditional write). */
export class DynamoReportsPresence implements ReportsPresence {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async last(): Promise<Date | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      item = (
        await this.doc.send(new GetCommand({ TableName: this.tableName, Key: KEY, ConsistentRead: true }))
      ).Item;
    } catch (error) {
      throw toStoreError(error, 'GetItem');
    }
    const parsed = presenceItem.safeParse(item);
    return parsed.success ? new Date(parsed.data.at) : undefined;
  }

  async mark(now: Date): Promise<void> {
    const at = now.toISOString();
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: KEY,
          UpdateExpression: 'SET #type = :type, #at = :at, #ttl = :ttl',
          // ISO-8601 UTC strings of one length order as their instants do.
          ConditionExpression: 'attribute_not_exists(#at) OR #at < :at',
          ExpressionAttributeNames: { '#type': 'type', '#at': 'at', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':type': 'reports-presence',
            ':at': at,
            ':ttl': Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
          },
        }),
      );
    } catch (error) {
      // A later mark is already there: nothing to move.
      if (isConditionFailure(error)) return;
      throw toStoreError(error, 'UpdateItem');
    }
  }
}
