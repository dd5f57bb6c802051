import type { MiddlewareStack } from '@smithy/types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any client's stack: its input and output types are the client's own
type AnyStack = MiddlewareStack<any, any>;
import { safeLabel, type Metrics } from './metrics';

/** Error names the SDK's retry strategy treats as throttling. */
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

interface HandlerContext {
  clientName?: string;
  commandName?: string;
}

function isThrottling(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (name !== undefined && THROTTLING.has(name)) || $metadata?.httpStatusCode === 429;
}

/** `IAMClient` -> `IAM`, `ListAccessKeysCommand` -> `ListAccessKeys`. */
const serviceOf = (context: HandlerContext) => safeLabel(context.clientName?.replace(/Client$/, ''));
const operationOf = (context: HandlerContext) => safeLabel(context.commandName?.replace(/Command$/, ''));

/**
 * Adds the call counters to an AWS SDK client's middleware stack: one count per call (its retries
 * inside it) at the initialize step, and one throttle count per throttled attempt below the retry
 * strategy. Add it before the client's first send (clients built with `cacheMiddleware` keep the
 * stack they first resolve).
 */
export function countAwsCalls(client: { middlewareStack: AnyStack }, metrics: Metrics): void {
  client.middlewareStack.add(
    (next, context: HandlerContext) => async (args) => {
      try {
        const result = await next(args);
        metrics.awsCalls.labels(serviceOf(context), operationOf(context), 'ok').inc();
        return result;
      } catch (error) {
        metrics.awsCalls.labels(serviceOf(context), operationOf(context), 'error').inc();
        throw error;
      }
    },
    { step: 'initialize', name: 'keywardenCallMetrics', override: true },
  );
  client.middlewareStack.add(
    (next, context: HandlerContext) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (isThrottling(error)) metrics.awsThrottles.labels(serviceOf(context)).inc();
        throw error;
      }
    },
    { step: 'deserialize', priority: 'high', name: 'keywardenThrottleMetrics', override: true },
  );
}
