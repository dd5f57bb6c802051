import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Pluggable } from '@smithy/types';

export interface DynamoClientOptions {
  /** The embedded store's local endpoint; otherwise AWS_ENDPOINT_URL_DYNAMODB or AWS itself. */
  endpoint?: string;
  credentials?: DynamoDBClientConfig['credentials'];
  region?: string;
  /** Used on the client before its first send (the call counters); the document client shares its stack. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the client's own input and output types
  plugins?: Pluggable<any, any>[];
}

export function createDynamoClient(options: DynamoClientOptions = {}): {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
} {
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const client = new DynamoDBClient({
    region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: 4,
    // The request timeout only warns unless told to throw, and a warning leaves the call waiting.
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
  });
  for (const plugin of options.plugins ?? []) client.middlewareStack.use(plugin);
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { client, doc };
}
