import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startSqsServer, type SqsServer } from '../../../../sandbox/sqs';
import { createSqsClient } from '../../../../src/platform/aws/exposure/sqs-client';

const CREDENTIALS = { accessKeyId: 'AKIAEXAMPLEEXAMPLE01', secretAccessKey: 'secret-of-the-test-only' };

describe('createSqsClient: where the queue is reached', () => {
  let endpoint: SqsServer;
  let queueHost: SqsServer;

  beforeEach(async () => {
    [endpoint, queueHost] = await Promise.all([startSqsServer(), startSqsServer()]);
  });
  afterEach(() => Promise.all([endpoint.close(), queueHost.close()]));

  it('AWS_ENDPOINT_URL_SQS wins over the QueueUrl host (a VPC endpoint or proxy is not bypassed)', async () => {
    endpoint.createQueue('exposure');
    const onHost = queueHost.createQueue('exposure');
    endpoint.send(`${endpoint.url}/123456789012/exposure`, 'through the endpoint');
    queueHost.send(onHost, 'around it');
    const client = createSqsClient(
      onHost,
      { credentials: CREDENTIALS, region: 'us-east-1' },
      {
        AWS_ENDPOINT_URL_SQS: endpoint.url,
      },
    );
    const answer = await client.send(new ReceiveMessageCommand({ QueueUrl: onHost }));
    expect(answer.Messages?.map((message) => message.Body)).toEqual(['through the endpoint']);
    expect(queueHost.calls()).toEqual([]);
    client.destroy();
  });

  it('without any endpoint, the QueueUrl host is used, as AWS intends', async () => {
    const onHost = queueHost.createQueue('exposure');
    queueHost.send(onHost, 'on the host');
    const client = createSqsClient(onHost, { credentials: CREDENTIALS, region: 'us-east-1' }, {});
    const answer = await client.send(new ReceiveMessageCommand({ QueueUrl: onHost }));
    expect(answer.Messages?.map((message) => message.Body)).toEqual(['on the host']);
    expect(endpoint.calls()).toEqual([]);
    client.destroy();
  });
});
