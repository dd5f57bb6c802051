import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';

export interface SqsClientOptions {
  /** Tests and the sandbox point at a stand-in; production leaves it to AWS_ENDPOINT_URL_SQS. */
  endpoint?: string;
  credentials?: SQSClientConfig['credentials'];
  region?: string;
}

/** Longer than ReceiveMessage's 20 s wait, so a long poll is not cut off as a timeout. */
const REQUEST_TIMEOUT_MS = 30_000;

/** `https://sqs.eu-west-1.amazonaws.com/123456789012/name`: the queue's own region signs its calls. */
function regionOfQueue(queueUrl: string): string | undefined {
  return /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//.exec(queueUrl)?.[1];
}

/**
 * The SDK's standard retry strategy (3 attempts) for each call; the poller backs off on top of it
 * when calls keep failing. Credentials and AWS_ENDPOINT_URL_SQS come from the environment as the
 * SDK reads them. The SDK's own queueUrlMiddleware sends to the QueueUrl's host when no endpoint
 * is configured, so a queue URL of a stand-in reaches the stand-in.
 */
export function createSqsClient(queueUrl: string, options: SqsClientOptions = {}): SQSClient {
  return new SQSClient({
    region:
      options.region ??
      regionOfQueue(queueUrl) ??
      process.env.AWS_REGION ??
      process.env.AWS_DEFAULT_REGION ??
      'us-east-1',
    retryMode: 'standard',
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: 3_000,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
}
