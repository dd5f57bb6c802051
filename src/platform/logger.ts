import pino, { type DestinationStream, type Logger } from 'pino';
import { serializeError } from './error-serializer';
import { tracingHooks } from './tracing/tracing-hooks';

export type { Logger };

/**
 * Field paths that can carry a secret or a credential. pino's wildcards match one level only,
 * so each depth a secret could appear at is listed. Nothing logs secrets on purpose; this is
 * the net under the rule (security rule 6), and a test scans every captured line.
 */
const SECRET_FIELDS = [
  'secret',
  'secretAccessKey',
  'SecretAccessKey',
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'authorization',
  'Authorization',
];
export const REDACT_PATHS = SECRET_FIELDS.flatMap((field) => [
  field,
  `*.${field}`,
  `*.*.${field}`,
  `*.*.*.${field}`,
]);

export interface LoggerOptions {
  level: string;
  /** Tests pass a stream to capture lines; production writes to stdout. */
  destination?: DestinationStream;
  /** Human-readable output, for a terminal. */
  pretty?: boolean;
}

export function createLogger({ level, destination, pretty }: LoggerOptions): Logger {
  // With tracing on (started before the logger is made), a line written inside a span carries its ids.
  const tracing = tracingHooks();
  const options = {
    level,
    base: { service: 'keywarden' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // pino's own err serializer copies every enumerable field, and with it the failed request that
    // client errors keep (body, headers, the token); redact paths cannot reach that deep.
    serializers: { err: serializeError, error: serializeError },
    ...(tracing && { mixin: () => tracing.logFields() ?? {} }),
  };
  if (destination) return pino(options, destination);
  if (pretty) {
    // pino-pretty runs in-process (not as a transport worker) so short-lived processes lose no lines.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const prettyStream = require('pino-pretty')({ colorize: true, translateTime: 'SYS:HH:MM:ss' });
    return pino(options, prettyStream);
  }
  // Asynchronous: a synchronous write to a pipe costs 0.1-0.4 ms a line on the event loop that acks the
  // next requests. pino flushes it on exit; flushLogger does so on a graceful stop.
  return pino(options, pino.destination({ dest: 1, sync: false }));
}

/** Writes out what an asynchronous destination still holds; a synchronous one has nothing to flush. */
export function flushLogger(log: Logger): Promise<void> {
  return new Promise((resolve) => log.flush(() => resolve()));
}

/**
 * A child logger made on first use. Making one serialises its bindings (about 0.1 ms), and most
 * requests write no line through it: the work after an ack shares the event loop with the next acks.
 */
export function lazyChild(parent: Logger, bindings: () => Record<string, unknown>): Logger {
  let child: Logger | undefined;
  const made = () => (child ??= parent.child(bindings()));
  return new Proxy({} as Logger, {
    get(_target, property) {
      const logger = made();
      const value: unknown = Reflect.get(logger, property, logger);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(logger) : value;
    },
    set(_target, property, value) {
      return Reflect.set(made(), property, value);
    },
    has(_target, property) {
      return Reflect.has(made(), property);
    },
  });
}
