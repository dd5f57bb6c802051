import { EventBridgeClient, type EventBridgeClientConfig } from '@aws-sdk/client-eventbridge';
import type { Pluggable } from '@smithy/types';

export const EVENT_BRIDGE_TIMEOUTS = { connectionMs: 3_000, requestMs: 10_000 };

export interface EventBridgeClientOptions {
  /** Tests and the sandbox point at a local stand-in; production leaves it to AWS_ENDPOINT_URL_EVENTBRIDGE. */
  endpoint?: string;
  credentials?: EventBridgeClientConfig['credentials'];
  region?: string;
  timeouts?: { connectionMs?: number; requestMs?: number };
  /** Used on the client before its first send (the call counters). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the client's own input and output types
  plugins?: Pluggable<any, any>[];
}

/**
 * Region, credentials and AWS_ENDPOINT_URL_EVENTBRIDGE come from the environment, as the SDK reads
 * them. One attempt per send: the audit stream retries with its own backoff, and keeps what failed
 * queued, so SDK retries under it would only stretch an outage's calls.
 */
export function createEventBridgeClient({
  timeouts,
  plugins = [],
  ...options
}: EventBridgeClientOptions = {}): EventBridgeClient {
  const client = new EventBridgeClient({
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: timeouts?.connectionMs ?? EVENT_BRIDGE_TIMEOUTS.connectionMs,
      requestTimeout: timeouts?.requestMs ?? EVENT_BRIDGE_TIMEOUTS.requestMs,
      throwOnRequestTimeout: true,
    },
    ...options,
  });
  for (const plugin of plugins) client.middlewareStack.use(plugin);
  return client;
}
