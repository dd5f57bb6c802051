import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createDynamoClient, type DynamoClientOptions } from './dynamo-client';
import { startEmbeddedDynamo } from './embedded-dynamo';
import { ensureTable } from './table';

export const EMBEDDED_TABLE = 'keywarden';

export interface OpenStore {
  doc: DynamoDBDocumentClient;
  tableName: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * KEYWARDEN_TABLE names a real table; without it, the embedded store starts on local disk and is
 * used through the very same client and code. The embedded store's credentials are its own,
 * generated at start: the server is ours, on loopback, and must never cause a look at the
 * operator's AWS profile, nor answer another process that does not hold the pair.
 */
export async function openStore(
  settings: Config['store'] & { inMemory?: boolean },
  log: Logger,
  client: DynamoClientOptions = {},
): Promise<OpenStore> {
  if (settings.table) {
    const { client: raw, doc } = createDynamoClient(client);
    await ensureTable(raw, settings.table, { create: settings.createTable, log });
    return { doc, tableName: settings.table, embedded: false, close: async () => raw.destroy() };
  }
  const embedded = await startEmbeddedDynamo(settings.inMemory ? undefined : settings.dataDir);
  const { client: raw, doc } = createDynamoClient({
    endpoint: embedded.endpoint,
    region: 'local',
    credentials: embedded.credentials,
    plugins: client.plugins,
  });
  await ensureTable(raw, EMBEDDED_TABLE, { create: true, log });
  log.info({ dataDir: settings.inMemory ? '(memory)' : settings.dataDir }, 'embedded DynamoDB store started');
  return {
    doc,
    tableName: EMBEDDED_TABLE,
    embedded: true,
    close: async () => {
      raw.destroy();
      await embedded.close();
    },
  };
}
