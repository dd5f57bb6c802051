import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toStoreError } from './store-errors';

/**
 * Every item of one partition, page by page, consistently read and decoded. An item that does not
 * decode is passed to `onCorrupt` and left out, so one bad item never hides the others.
 */
export async function partitionItems<T>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  decode: (item: Record<string, unknown>) => T | undefined,
  onCorrupt: (error: unknown) => void,
): Promise<T[]> {
  const found: T[] = [];
  let start: Record<string, unknown> | undefined;
  try {
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        try {
          const decoded = decode(item);
          if (decoded !== undefined) found.push(decoded);
        } catch (error) {
          onCorrupt(error);
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
  } catch (error) {
    throw toStoreError(error, 'Query');
  }
  return found;
}
