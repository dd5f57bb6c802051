import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';

export interface SqsClientOptions {
  /** Tests and the sandbox point at a stand-in; unset, AWS_ENDPOINT_URL_SQS (see createSqsClient). */
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
 * when calls keep failing. Credentials come from the environment as the SDK reads them.
 *
 * The endpoint is passed explicitly, from `options.endpoint` or AWS_ENDPOINT_URL_SQS: the SDK's
 * queueUrlMiddleware (@aws-sdk/middleware-sdk-sqs, `useQueueUrlAsEndpoint`) decides from the
 * constructor's `endpoint` alone, before the environment variable is resolved, so with the variable
 * only, every call would go to the QueueUrl's host (a VPC endpoint or proxy bypassed) and the SDK
 * would warn on the console. With no endpoint at all, the QueueUrl's host is used, as AWS intends.
 */
export function createSqsClient(
  queueUrl: string,
  options: SqsClientOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): SQSClient {
  const endpoint = options.endpoint ?? (env.AWS_ENDPOINT_URL_SQS || env.AWS_ENDPOINT_URL || undefined);
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
    ...(endpoint ? { endpoint, useQueueUrlAsEndpoint: false } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
}
