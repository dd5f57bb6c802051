import { isThrottlingError } from '@smithy/core/retry';
import type { MiddlewareStack, Pluggable, SdkError } from '@smithy/types';
import { safeLabel, type Metrics } from './metrics';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any client's stack: its input and output types are the client's own
type AnyPluggable = Pluggable<any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
type AnyStack = MiddlewareStack<any, any>;

interface HandlerContext {
  clientName?: string;
  commandName?: string;
}

/**
 * A throttling answer as the SDK's own retry strategy classifies it (`@smithy/core/retry`, the code
 * the standard strategy calls): HTTP 429, a throttling error name, or the model's throttling trait.
 * A list of our own would drift from what the SDK backs off on.
 */
function isThrottling(error: unknown): boolean {
  return typeof error === 'object' && error !== null && isThrottlingError(error as SdkError);
}

/** `IAMClient` -> `IAM`, `ListAccessKeysCommand` -> `ListAccessKeys`. */
const serviceOf = (context: HandlerContext) => safeLabel(context.clientName?.replace(/Client$/, ''));
const operationOf = (context: HandlerContext) => safeLabel(context.commandName?.replace(/Command$/, ''));

/**
 * The call counters as an SDK plugin, so one value fits every client: `client.middlewareStack.use()`
 * on clients we build, and `clientPlugins` where the SDK builds the client itself (the AssumeRole
 * client of `fromTemporaryCredentials`). One count per call (its retries inside it) at the initialize
 * step, and one throttle count per throttled attempt below the retry strategy. Both are added with
 * `override`, so using the plugin again is harmless: `fromTemporaryCredentials` applies its
 * `clientPlugins` on every credentials request, not once. Use it before the client's first send
 * (clients built with `cacheMiddleware` keep the stack they first resolve).
 */
export function awsCallCounting(metrics: Metrics): AnyPluggable {
  return {
    applyToStack(stack: AnyStack) {
      stack.add(
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
      stack.add(
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
    },
  };
}

/** Counts a client's calls (see awsCallCounting). */
export function countAwsCalls(client: { middlewareStack: AnyStack }, metrics: Metrics): void {
  client.middlewareStack.use(awsCallCounting(metrics));
}
