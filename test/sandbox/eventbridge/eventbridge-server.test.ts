import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { startEventBridgeServer, type EventBridgeServer } from '../../../sandbox/eventbridge';

const CREDENTIALS = { accessKeyId: 'AKIDEVENTBRIDGETEST', secretAccessKey: 'eventbridge-test' };

function entry(n: number, detail: string = JSON.stringify({ n })): PutEventsRequestEntry {
  return { Source: 'keywarden', DetailType: 'Keywarden Audit Event', Detail: detail, EventBusName: 'audit' };
}

describe('the EventBridge stand-in: PutEvents over AWS JSON 1.1, for the real client', () => {
  let server: EventBridgeServer;
  let client: EventBridgeClient;

  beforeEach(async () => {
    server = await startEventBridgeServer();
    client = new EventBridgeClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
  });
  afterEach(async () => {
    client.destroy();
    await server.close();
  });

  it('takes a batch, answers an EventId for each entry, and keeps what a rule would see', async () => {
    const time = new Date('2026-12-01T10:00:00Z');
    const answer = await client.send(
      new PutEventsCommand({ Entries: [{ ...entry(1), Time: time }, entry(2)] }),
    );
    expect(answer.FailedEntryCount).toBe(0);
    expect(answer.Entries?.map((e) => typeof e.EventId)).toEqual(['string', 'string']);
    const events = server.events();
    expect(events.map((e) => e.detail)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(events[0]).toMatchObject({
      id: answer.Entries?.[0]?.EventId,
      eventBusName: 'audit',
      source: 'keywarden',
      detailType: 'Keywarden Audit Event',
      time,
    });
    expect(server.calls()).toEqual([
      expect.objectContaining({
        target: 'AWSEvents.PutEvents',
        status: 200,
        entries: 2,
        accessKeyId: CREDENTIALS.accessKeyId,
      }),
    ]);
  });

  it('refuses more than 10 entries, and more than 256 KB, as a ValidationException', async () => {
    const eleven = Array.from({ length: 11 }, (_, n) => entry(n));
    await expect(client.send(new PutEventsCommand({ Entries: eleven }))).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
    const big = JSON.stringify({ pad: 'x'.repeat(140 * 1024) });
    await expect(
      client.send(new PutEventsCommand({ Entries: [entry(1, big), entry(2, big)] })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    expect(server.events()).toHaveLength(0);
  });

  it('fails an entry whose Detail is not a JSON object, and takes the others', async () => {
    const answer = await client.send(new PutEventsCommand({ Entries: [entry(1), entry(2, 'not json')] }));
    expect(answer.FailedEntryCount).toBe(1);
    expect(answer.Entries?.[1]).toEqual({
      ErrorCode: 'MalformedDetail',
      ErrorMessage: 'Detail is malformed.',
    });
    expect(server.events()).toHaveLength(1);
  });

  it('throttles with a 400 ThrottlingException, and fails with 500 and 503', async () => {
    server.injectFault({ kind: 'throttling' });
    server.injectFault({ kind: 'server-error' });
    server.injectFault({ kind: 'server-error', status: 503 });
    await expect(client.send(new PutEventsCommand({ Entries: [entry(1)] }))).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(client.send(new PutEventsCommand({ Entries: [entry(1)] }))).rejects.toMatchObject({
      name: 'InternalException',
      $metadata: { httpStatusCode: 500 },
    });
    await expect(client.send(new PutEventsCommand({ Entries: [entry(1)] }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 503 },
    });
    expect(server.events()).toHaveLength(0);
    await client.send(new PutEventsCommand({ Entries: [entry(1)] }));
    expect(server.events()).toHaveLength(1);
  });

  it('drops the connection on a reset, and in an outage until it is over', async () => {
    server.setOutage('connection-reset');
    await expect(client.send(new PutEventsCommand({ Entries: [entry(1)] }))).rejects.toThrow();
    await expect(client.send(new PutEventsCommand({ Entries: [entry(2)] }))).rejects.toThrow();
    expect(server.calls().map((c) => c.errorCode)).toEqual(['ConnectionReset', 'ConnectionReset']);
    server.setOutage(undefined);
    await client.send(new PutEventsCommand({ Entries: [entry(3)] }));
    expect(server.events().map((e) => e.detail)).toEqual([{ n: 3 }]);
  });

  it('fails only the named entries of a partial failure', async () => {
    server.injectFault({ kind: 'partial', failed: [0, 2], code: 'ThrottlingException' });
    const answer = await client.send(new PutEventsCommand({ Entries: [entry(0), entry(1), entry(2)] }));
    expect(answer.FailedEntryCount).toBe(2);
    expect(answer.Entries?.map((e) => e.ErrorCode ?? 'ok')).toEqual([
      'ThrottlingException',
      'ok',
      'ThrottlingException',
    ]);
    expect(server.events().map((e) => e.detail)).toEqual([{ n: 1 }]);
  });

  it('answers another operation, or another content type, with AWS JSON errors', async () => {
    const wrongTarget = await fetch(server.url, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'AWSEvents.ListRules', 'Content-Type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(wrongTarget.status).toBe(400);
    expect(await wrongTarget.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const wrongType = await fetch(server.url, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'AWSEvents.PutEvents', 'Content-Type': 'application/json' },
      body: JSON.stringify({ Entries: [entry(1)] }),
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.headers.get('x-amzn-errortype')).toBe('SerializationException');
    expect(server.events()).toHaveLength(0);
  });
});
