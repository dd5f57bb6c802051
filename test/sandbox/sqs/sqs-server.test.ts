import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  MessageNotInflight,
  QueueDoesNotExist,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startSqsServer, type SqsCall, type SqsServer } from '../../../sandbox/sqs';

const CREDENTIALS = { accessKeyId: 'AKIDSQSSTANDINTEST', secretAccessKey: 'sqs-test' };

describe('the SQS stand-in: AWS JSON 1.0, for the real client', () => {
  let server: SqsServer;
  let client: SQSClient;
  let queueUrl: string;

  beforeEach(async () => {
    server = await startSqsServer();
    queueUrl = server.createQueue('exposure', { visibilityTimeoutSeconds: 30 });
    client = new SQSClient({
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

  const receive = (extra: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {}) =>
    client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, ...extra }));

  it('hands out a message with its id, receipt handle, body MD5 and receive count, and deletes it', async () => {
    const id = server.send(queueUrl, '{"source":"aws.health"}');
    const answer = await receive({
      MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
    });
    // The SDK checks MD5OfBody itself and throws on a mismatch.
    expect(answer.Messages).toEqual([
      expect.objectContaining({
        MessageId: id,
        Body: '{"source":"aws.health"}',
        ReceiptHandle: expect.any(String),
        Attributes: { ApproximateReceiveCount: '1', SentTimestamp: expect.stringMatching(/^\d+$/) },
      }),
    ]);
    expect([server.visible(queueUrl), server.inFlight(queueUrl)]).toEqual([0, 1]);
    await client.send(
      new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: answer.Messages?.[0]?.ReceiptHandle }),
    );
    expect(server.deletedIds(queueUrl)).toEqual([id]);
    expect([server.visible(queueUrl), server.inFlight(queueUrl)]).toEqual([0, 0]);
    expect(server.calls().map((c) => [c.action, c.status, c.messages])).toEqual([
      ['ReceiveMessage', 200, 1],
      ['DeleteMessage', 200, 1],
    ]);
  });

  it('answers an empty receive without messages, and at most MaxNumberOfMessages', async () => {
    expect((await receive()).Messages).toBeUndefined();
    for (let n = 0; n < 4; n++) server.send(queueUrl, `m${n}`);
    expect((await receive({ MaxNumberOfMessages: 3 })).Messages?.map((m) => m.Body)).toEqual([
      'm0',
      'm1',
      'm2',
    ]);
    await expect(receive({ MaxNumberOfMessages: 11 })).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('returns a long poll as soon as a message arrives', async () => {
    const polled = receive({ WaitTimeSeconds: 20 });
    await server.waitForPollers(queueUrl, 1);
    const id = server.send(queueUrl, 'late');
    expect((await polled).Messages?.map((m) => m.MessageId)).toEqual([id]);
  }, 15_000);

  it('gives nothing to a long poll the client aborted, and ends pending polls on close', async () => {
    const abort = new AbortController();
    const abandoned = client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }), {
      abortSignal: abort.signal,
    });
    await server.waitForPollers(queueUrl, 1);
    const ended = new Promise<SqsCall>((resolve) => server.onCall(resolve));
    abort.abort();
    await expect(abandoned).rejects.toThrow();
    expect(await ended).toMatchObject({ action: 'ReceiveMessage', status: 0, errorCode: 'ClientClosed' });
    server.send(queueUrl, 'for the next poller');
    expect(server.visible(queueUrl)).toBe(1);

    const other = server.createQueue('other');
    const pending = client.send(new ReceiveMessageCommand({ QueueUrl: other, WaitTimeSeconds: 20 }));
    await server.waitForPollers(other, 1);
    await server.close();
    expect((await pending).Messages).toBeUndefined();
    server = await startSqsServer();
  }, 15_000);

  it('redelivers after the visibility expires, with a new handle; the old handle deletes nothing', async () => {
    const id = server.send(queueUrl, 'twice');
    const first = (await receive()).Messages?.[0];
    expect((await receive()).Messages).toBeUndefined();
    server.expireVisibility(queueUrl);
    const second = (await receive({ AttributeNames: ['All'] })).Messages?.[0];
    expect(second?.MessageId).toBe(id);
    expect(second?.Attributes?.['ApproximateReceiveCount']).toBe('2');
    expect(second?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first?.ReceiptHandle }));
    expect(server.deletedIds(queueUrl)).toEqual([]);
    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: second?.ReceiptHandle }));
    expect(server.deletedIds(queueUrl)).toEqual([id]);
  });

  it('changes visibility in flight, and refuses a message not in flight', async () => {
    server.send(queueUrl, 'back');
    const handle = (await receive()).Messages?.[0]?.ReceiptHandle;
    await client.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: handle, VisibilityTimeout: 0 }),
    );
    expect(server.visible(queueUrl)).toBe(1);
    await expect(
      client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: handle,
          VisibilityTimeout: 5,
        }),
      ),
    ).rejects.toBeInstanceOf(MessageNotInflight);
  });

  it("answers SQS's error codes through the SDK's query-compatible classes", async () => {
    const missing = `${server.url}/123456789012/nope`;
    await expect(client.send(new ReceiveMessageCommand({ QueueUrl: missing }))).rejects.toBeInstanceOf(
      QueueDoesNotExist,
    );
    await expect(
      client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: 'garbage' })),
    ).rejects.toBeInstanceOf(ReceiptHandleIsInvalid);
    await expect(client.send(new GetQueueUrlCommand({ QueueName: 'nope' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
    });
  });

  it('deletes in batches, per entry', async () => {
    const ids = [server.send(queueUrl, 'a'), server.send(queueUrl, 'b')];
    const messages = (await receive()).Messages ?? [];
    const answer = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          ...messages.map((m, n) => ({ Id: `e${n}`, ReceiptHandle: m.ReceiptHandle })),
          { Id: 'bad', ReceiptHandle: 'garbage' },
        ],
      }),
    );
    expect(answer.Successful?.map((e) => e.Id)).toEqual(['e0', 'e1']);
    expect(answer.Failed).toEqual([
      expect.objectContaining({ Id: 'bad', Code: 'ReceiptHandleIsInvalid', SenderFault: true }),
    ]);
    expect(await server.waitForDeleted(queueUrl, 2)).toEqual(ids);
  });

  it('names queues and their attributes, and takes SendMessage over the wire', async () => {
    expect((await client.send(new GetQueueUrlCommand({ QueueName: 'exposure' }))).QueueUrl).toBe(queueUrl);
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'wire' }));
    const attributes = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'QueueArn'],
      }),
    );
    expect(attributes.Attributes).toEqual({
      ApproximateNumberOfMessages: '1',
      QueueArn: 'arn:aws:sqs:us-east-1:123456789012:exposure',
    });
  });

  it('throttles, fails and drops connections to order; the SDK retries throttling', async () => {
    server.injectFault({ kind: 'throttling', action: 'ReceiveMessage' });
    await expect(receive()).rejects.toMatchObject({
      name: 'RequestThrottled',
      $metadata: { httpStatusCode: 403 },
    });
    server.injectFault({ kind: 'server-error' });
    await expect(receive()).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    server.injectFault({ kind: 'connection-reset', action: 'DeleteMessage' });
    server.send(queueUrl, 'x');
    const handle = (await receive()).Messages?.[0]?.ReceiptHandle;
    await expect(
      client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: handle })),
    ).rejects.toThrow();
    expect(server.deletedIds(queueUrl)).toEqual([]);

    const retrying = new SQSClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: CREDENTIALS,
      maxAttempts: 3,
    });
    server.injectFault({ kind: 'throttling', times: 2 });
    server.expireVisibility(queueUrl);
    expect((await retrying.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }))).Messages).toHaveLength(1);
    retrying.destroy();

    server.setOutage('server-error');
    await expect(receive()).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    server.clearFaults();
    await expect(receive()).resolves.toBeDefined();
    expect(server.calls().map((c) => c.errorCode ?? 'ok')).toEqual([
      'RequestThrottled',
      'InternalError',
      'ok',
      'ConnectionReset',
      'RequestThrottled',
      'RequestThrottled',
      'ok',
      'InternalError',
      'ok',
    ]);
  });

  it('refuses a body over the bound unread, and another protocol', async () => {
    const big = await fetch(server.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AmazonSQS.SendMessage' },
      body: JSON.stringify({ QueueUrl: queueUrl, MessageBody: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    const query = await fetch(server.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'Action=ReceiveMessage',
    });
    expect(query.status).toBe(400);
    expect(server.visible(queueUrl)).toBe(0);
  });
});

describe('the SQS stand-in and the queue URL the SDK sends to', () => {
  let a: SqsServer;
  let b: SqsServer;
  const saved = process.env['AWS_ENDPOINT_URL_SQS'];

  beforeEach(async () => {
    [a, b] = await Promise.all([startSqsServer(), startSqsServer()]);
  });
  afterEach(async () => {
    if (saved === undefined) delete process.env['AWS_ENDPOINT_URL_SQS'];
    else process.env['AWS_ENDPOINT_URL_SQS'] = saved;
    await Promise.all([a.close(), b.close()]);
  });

  it("finds a queue by its path when an explicit endpoint is set and the URL names AWS's host", async () => {
    a.createQueue('exposure');
    a.send(`${a.url}/123456789012/exposure`, 'via endpoint');
    const client = new SQSClient({ endpoint: a.url, region: 'us-east-1', credentials: CREDENTIALS });
    const answer = await client.send(
      new ReceiveMessageCommand({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/exposure' }),
    );
    expect(answer.Messages?.map((m) => m.Body)).toEqual(['via endpoint']);
    client.destroy();
  });

  // A trap: @aws-sdk/middleware-sdk-sqs reads `endpoint` from the client's constructor options only, so an
  // endpoint from AWS_ENDPOINT_URL_SQS loses to the QueueUrl's own origin (with a warning).
  it('sends to the QueueUrl origin, not to AWS_ENDPOINT_URL_SQS, when the two differ', async () => {
    const onB = b.createQueue('exposure');
    a.createQueue('exposure');
    b.send(onB, 'on b');
    process.env['AWS_ENDPOINT_URL_SQS'] = a.url;
    const warn = jest.fn();
    const logger = { debug: jest.fn(), info: jest.fn(), warn, error: jest.fn(), trace: jest.fn() };
    const client = new SQSClient({ region: 'us-east-1', credentials: CREDENTIALS, logger });
    const answer = await client.send(new ReceiveMessageCommand({ QueueUrl: onB }));
    expect(answer.Messages?.map((m) => m.Body)).toEqual(['on b']);
    expect(a.calls()).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('using QueueUrl host as endpoint'));
    client.destroy();
  });
});
