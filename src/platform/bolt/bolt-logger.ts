import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { scrubTokens, serializeError } from '../error-serializer';
import type { Logger } from '../logger';

const BOLT_TO_PINO: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/**
 * Bolt and its clients log through our pino logger, so their lines are JSON too.
 *
 * Their debug lines are dropped whatever LOG_LEVEL says: at debug the WebClient logs every
 * request body as text ("http request body: {...}"), which for chat.postEphemeral holds a new
 * secret, and pino cannot redact inside a string. Our own debug lines are unaffected.
 *
 * Their warn and error lines are text too, so an error handed to them (Bolt's default error handler
 * logs the raw error) goes through the same field list as our own `err`, and token-shaped text is
 * scrubbed from every part: JSON.stringify would otherwise write out a client error's request.
 */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  const text = (parts: unknown[]) => parts.map(logText).join(' ');
  return {
    debug: () => undefined,
    info: (...msg) => child.info(text(msg)),
    warn: (...msg) => child.warn(text(msg)),
    error: (...msg) => child.error(text(msg)),
    setLevel: (level) => {
      if (level !== LogLevel.DEBUG) child.level = BOLT_TO_PINO[level];
    },
    getLevel: () => {
      const entry = Object.entries(BOLT_TO_PINO).find(([, pinoLevel]) => pinoLevel === child.level);
      return (entry?.[0] as LogLevel | undefined) ?? LogLevel.INFO;
    },
    setName: () => undefined,
  };
}

function logText(part: unknown): string {
  if (typeof part === 'string') return scrubTokens(part);
  if (part instanceof Error || (typeof part === 'object' && part !== null && 'message' in part)) {
    return JSON.stringify(serializeError(part));
  }
  try {
    return scrubTokens(JSON.stringify(part) ?? String(part));
  } catch {
    // A circular structure: a log line is not worth a crash.
    return '[unserializable]';
  }
}
