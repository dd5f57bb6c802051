import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A key no item has: reading it costs the smallest read the table offers and proves it answers. */
const PROBE_KEY = { pk: 'READINESS', sk: 'PROBE' };

/** Resolves when the table answers a GetItem (a missing item is an answer); throws as the client does. */
export async function probeStore(
  store: { doc: DynamoDBDocumentClient; tableName: string },
  signal: AbortSignal,
): Promise<void> {
  await store.doc.send(new GetCommand({ TableName: store.tableName, Key: PROBE_KEY }), {
    abortSignal: signal,
  });
}
