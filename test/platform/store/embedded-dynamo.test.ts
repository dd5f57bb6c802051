import { CreateTableCommand, GetItemCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../../../src/platform/store/dynamo-client';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../../src/platform/store/embedded-dynamo';

/** The embedded store answers only its own generated pair, on loopback only. */
describe('the embedded store', () => {
  let store: EmbeddedDynamo;
  beforeAll(async () => {
    store = await startEmbeddedDynamo();
  });
  afterAll(() => store.close());

  const listWith = (credentials: { accessKeyId: string; secretAccessKey: string }) => {
    const { client } = createDynamoClient({ endpoint: store.endpoint, region: 'local', credentials });
    return client.send(new ListTablesCommand({})).finally(() => client.destroy());
  };

  it('listens on 127.0.0.1 only', () => {
    expect(new URL(store.endpoint).hostname).toBe('127.0.0.1');
  });

  it('generates a fresh pair for each start', async () => {
    const other = await startEmbeddedDynamo();
    try {
      expect(other.credentials.accessKeyId).not.toBe(store.credentials.accessKeyId);
      expect(other.credentials.secretAccessKey).not.toBe(store.credentials.secretAccessKey);
    } finally {
      await other.close();
    }
  });

  it('answers a request signed with its own pair', async () => {
    await expect(listWith(store.credentials)).resolves.toMatchObject({ TableNames: [] });
  });

  it.each([
    ['another pair', { accessKeyId: 'AKIDOTHER', secretAccessKey: 'other' }],
    ['its key id with a wrong secret', () => ({ ...store.credentials, secretAccessKey: 'guessed' })],
  ])('refuses %s', async (_name, credentials) => {
    const pair = typeof credentials === 'function' ? credentials() : credentials;
    await expect(listWith(pair)).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
  });

  it('refuses an unsigned request, and a signed one whose body was changed', async () => {
    const unsigned = await fetch(store.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
      },
      body: '{}',
    });
    expect(unsigned.status).toBe(403);

    // Capture a genuine signed request, then replay it with another body.
    const { client } = createDynamoClient({
      endpoint: store.endpoint,
      region: 'local',
      credentials: store.credentials,
    });
    let captured: { headers: Record<string, string> } | undefined;
    client.middlewareStack.add(
      (next) => async (args) => {
        captured = { headers: { ...(args.request as { headers: Record<string, string> }).headers } };
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'capture' },
    );
    await client.send(new ListTablesCommand({}));
    client.destroy();
    const headers = { ...captured?.headers };
    delete headers['content-length'];
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=KWEMBEDDED/);
    // The same request as signed is answered: only the changed body makes it fail.
    const replayed = await fetch(store.endpoint, { method: 'POST', headers, body: '{}' });
    expect(replayed.status).toBe(200);
    const tampered = await fetch(store.endpoint, { method: 'POST', headers, body: '{"Limit":1}' });
    expect(tampered.status).toBe(403);
  });

  // Closed at several moments of the requests' way in (sent, read, signature checked, in dynalite).
  it.each([0, 1, 2, 5, 10, 20])(
    'closes %i ms after 40 requests were sent: those taken are answered, none crashes the process',
    async (delayMs) => {
      const closing = await startEmbeddedDynamo();
      let opened = true;
      const { client } = createDynamoClient({
        endpoint: closing.endpoint,
        region: 'local',
        credentials: closing.credentials,
      });
      await client.send(
        new CreateTableCommand({
          TableName: 'items',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      const uncaught: unknown[] = [];
      const onUncaught = (error: unknown) => uncaught.push(error);
      process.on('uncaughtException', onUncaught);
      try {
        // Before the fix dynalite threw "Database is closed" from a GetItem between its two reads
        // (the table, then the item) or still on its way in.
        const asks = Array.from({ length: 40 }, (_, n) =>
          client.send(new GetItemCommand({ TableName: 'items', Key: { pk: { S: `k${n}` } } })).then(
            () => 'answered',
            (error: { name?: string }) => error.name ?? 'failed',
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        const closed = closing.close();
        opened = false;
        await closed;
        await Promise.all(asks);
        expect(uncaught).toEqual([]);
      } finally {
        process.off('uncaughtException', onUncaught);
        client.destroy();
        if (opened) await closing.close();
      }
    },
  );
});
