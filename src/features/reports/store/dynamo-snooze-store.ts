import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SnoozeStore } from '../domain/ports/snooze-store';
import { keyRefId } from '../domain/key-ref';
import type { Snooze } from '../domain/snooze';
import { decodeSnooze, keyRefAttributes } from './nudge-items';
import { toStoreError } from '../../../platform/store/store-errors';
import { partitionItems } from '../../../platform/store/paging';
import { TTL_ATTRIBUTE } from '../../../platform/store/table';

/** An ended snooze stays a while: the audit trail has the story, this only answers "since when". */
const KEEP_AFTER_END_SECONDS = 90 * 24 * 3600;

const partition = (account: string) => `SNOOZE#${account}`;

/**
 * One item per snoozed key, all of an account's in one partition: a report reads them with one
 * Query per account, however many keys it lists. A new snooze of the same key replaces the old.
 */
export class DynamoSnoozeStore implements SnoozeStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly onCorrupt: (error: unknown) => void,
  ) {}

  async put(snooze: Snooze): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: partition(snooze.key.account),
            sk: keyRefId(snooze.key),
            type: 'snooze',
            ...keyRefAttributes(snooze.key),
            by: snooze.by,
            at: snooze.at.toISOString(),
            until: snooze.until.toISOString(),
            reason: snooze.reason,
            [TTL_ATTRIBUTE]: Math.floor(snooze.until.getTime() / 1000) + KEEP_AFTER_END_SECONDS,
          },
        }),
      );
    } catch (error) {
      throw toStoreError(error, 'PutItem');
    }
  }

  forAccount(account: string): Promise<Snooze[]> {
    return partitionItems(this.doc, this.tableName, partition(account), decodeSnooze, this.onCorrupt);
  }
}
