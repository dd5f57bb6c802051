import pino, { type DestinationStream, type Logger } from 'pino';
import { serializeError } from './error-serializer';

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
  const options = {
    level,
    base: { service: 'keywarden' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // pino's own err serializer copies every enumerable field, and with it the failed request that
    // client errors keep (body, headers, the token); redact paths cannot reach that deep.
    serializers: { err: serializeError, error: serializeError },
  };
  if (destination) return pino(options, destination);
  if (pretty) {
    // pino-pretty runs in-process (not as a transport worker) so short-lived processes lose no lines.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const prettyStream = require('pino-pretty')({ colorize: true, translateTime: 'SYS:HH:MM:ss' });
    return pino(options, prettyStream);
  }
  return pino(options);
}
