import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createLogger } from '../../../src/platform/logger';
import { startEmbeddedDynamo } from '../../../src/platform/store/embedded-dynamo';
import { openStore } from '../../../src/platform/store/open-store';

const log = createLogger({ level: 'silent' });

describe('openStore', () => {
  it('a named table that is missing stops start-up with one clear line, unless asked to create it', async () => {
    const server = await startEmbeddedDynamo();
    try {
      const client = { endpoint: server.endpoint, region: 'local', credentials: server.credentials };
      const missing = openStore({ table: 'nope', createTable: false, dataDir: '' }, log, client);
      await expect(missing).rejects.toMatchObject({
        code: 'STORE_TABLE_MISSING',
        message:
          'KEYWARDEN_TABLE: table "nope" does not exist (set KEYWARDEN_CREATE_TABLE=true to create it)',
      });
      const created = await openStore({ table: 'nope', createTable: true, dataDir: '' }, log, client);
      expect(created).toMatchObject({ tableName: 'nope', embedded: false });
      await created.close();
      // Created once, then found: a second replica starting later just uses it.
      const again = await openStore({ table: 'nope', createTable: false, dataDir: '' }, log, client);
      await again.close();
    } finally {
      await server.close();
    }
  });

  it('the embedded store keeps its data on disk across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-embedded-'));
    try {
      const first = await openStore({ createTable: true, dataDir }, log);
      expect(first.embedded).toBe(true);
      await first.doc.send(
        new PutCommand({ TableName: first.tableName, Item: { pk: 'X#1', sk: 'X', kept: 'yes' } }),
      );
      await first.close();
      const second = await openStore({ createTable: true, dataDir }, log);
      const { Item } = await second.doc.send(
        new GetCommand({ TableName: second.tableName, Key: { pk: 'X#1', sk: 'X' } }),
      );
      expect(Item?.kept).toBe('yes');
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
