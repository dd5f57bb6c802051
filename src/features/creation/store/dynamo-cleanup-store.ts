import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Cleanup, CleanupStore } from '../domain/cleanup';
import { cleanupCodec, OPEN_CLEANUPS } from './cleanup-codec';
import { DynamoVersionedStore } from '../../../platform/store/dynamo-versioned-store';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toStoreError } from '../../../platform/store/store-errors';

/** Cleanups are versioned records that also sit in gsi1 while open, so the sweep never scans. */
export class DynamoCleanupStore extends DynamoVersionedStore<Cleanup> implements CleanupStore {
  constructor(doc: DynamoDBDocumentClient, tableName: string) {
    super(doc, tableName, cleanupCodec);
  }

  async listOpen(limit = 100): Promise<Cleanup[]> {
    try {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': OPEN_CLEANUPS },
          Limit: limit,
        }),
      );
      // The index is eventually consistent: keep only what is still open.
      return (page.Items ?? []).map(this.codec.fromItem).filter((cleanup) => cleanup.state === 'OPEN');
    } catch (error) {
      throw toStoreError(error, 'Query');
    }
  }
}
