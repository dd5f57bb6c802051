import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { KeywardenError } from '../../kernel/errors';
import type { Logger } from '../logger';
import { toStoreError } from './store-errors';

export const TTL_ATTRIBUTE = 'ttl';

/**
 * One table for everything (docs/store.md): pk/sk, and two overloaded sparse indexes, gsi1 (open
 * approvals by state, audit by IAM user) and gsi2 (audit by key).
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  options: { create: boolean; log: Logger },
): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException')
      throw toStoreError(error, 'DescribeTable');
  }
  if (!options.create) {
    throw new KeywardenError(
      'STORE_TABLE_MISSING',
      `KEYWARDEN_TABLE: table "${tableName}" does not exist (set KEYWARDEN_CREATE_TABLE=true to create it)`,
    );
  }
  const attribute = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  const index = (name: string) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: `${name}pk`, KeyType: 'HASH' as const },
      { AttributeName: `${name}sk`, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map(attribute),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [index('gsi1'), index('gsi2')],
      }),
    );
  } catch (error) {
    // Another replica created it between our look and our create: that is the outcome we wanted.
    if ((error as { name?: string }).name !== 'ResourceInUseException')
      throw toStoreError(error, 'CreateTable');
  }
  await waitUntilActive(client, tableName);
  await enableTtl(client, tableName, options.log);
  options.log.info({ tableName }, 'created the DynamoDB table');
}

/** The SDK's own waiter (DescribeTable until ACTIVE, with backoff), bounded to a minute. */
async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  const result = await waitUntilTableExists(
    { client, maxWaitTime: 60, minDelay: 1, maxDelay: 5 },
    { TableName: tableName },
  ).catch((error: unknown) => ({ state: 'FAILURE', reason: error }));
  if (result.state !== 'SUCCESS') {
    throw new KeywardenError('STORE_UNAVAILABLE', `DynamoDB: table "${tableName}" did not become active`, {
      cause: result.reason,
    });
  }
}

/** TTL only tidies old items (reads check expiry themselves); dynalite does not implement it at all. */
async function enableTtl(client: DynamoDBClient, tableName: string, log: Logger): Promise<void> {
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  } catch (error) {
    log.info(
      { reason: (error as { name?: string }).name },
      'TTL not enabled: this store does not support it',
    );
  }
}
