/**
 * What of an error may reach a log line. Errors from the Slack and AWS clients carry the request
 * that failed (axios' `config.data` holds a chat.postEphemeral body with a new secret, its
 * `config.headers` the bot token; the SDK's `$response` holds headers and body), nested deeper than
 * pino's redact paths reach. So errors are copied field by field from a short list of scalars that
 * say what went wrong, and nothing else of them is ever logged (security rule 6).
 */

/**
 * Slack tokens (bot, user, app, refresh, rotated, and a workflow step's `xwfp-` token from
 * function_executed) and bearer credentials, wherever text holds them.
 */
const TOKEN_SHAPES = [/\b(?:xox[a-z](?:\.xox[a-z])?|xapp|xwfp)-[\w-]*/gi, /\bBearer\s+\S+/gi];
export const TOKEN_CENSOR = '[token]';

/** A cause chain longer than this is a loop or a pathology; the first links say enough. */
const MAX_CAUSE_DEPTH = 4;
const MAX_TEXT = 2_000;

export function scrubTokens(text: string): string {
  return TOKEN_SHAPES.reduce((scrubbed, shape) => scrubbed.replace(shape, TOKEN_CENSOR), text);
}

export interface SafeError {
  name?: string;
  code?: string | number;
  message?: string;
  status?: number;
  statusCode?: number;
  /** Slack's `{ok:false, error}` reason, e.g. "channel_not_found". */
  data?: { error: string };
  retryAfter?: number;
  /** The AWS SDK's HTTP status and request id; nothing else of its metadata. */
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $fault?: string;
  /** Code locations only: the frames, never the message line the stack starts with. */
  stack?: string;
  cause?: SafeError;
}

type Loose = Record<string, unknown>;

/** pino's `err` serializer: anything thrown in, only the fields above out. */
export function serializeError(error: unknown): SafeError | unknown {
  if (error === null || error === undefined) return error;
  return safeError(error, 0);
}

function safeError(error: unknown, depth: number): SafeError {
  if (typeof error !== 'object' && typeof error !== 'function') return { message: text(String(error)) };
  const source = error as Loose;
  const safe: SafeError = {};
  const name = text(source.name);
  if (name !== undefined) safe.name = name;
  const code = text(source.code) ?? finite(source.code);
  if (code !== undefined) safe.code = code;
  const message = text(source.message);
  if (message !== undefined) safe.message = message;
  const status = finite(source.status);
  if (status !== undefined) safe.status = status;
  const statusCode = finite(source.statusCode);
  if (statusCode !== undefined) safe.statusCode = statusCode;
  const slackError = text(field(source.data, 'error'));
  if (slackError !== undefined) safe.data = { error: slackError };
  const retryAfter = finite(source.retryAfter);
  if (retryAfter !== undefined) safe.retryAfter = retryAfter;
  const metadata = awsMetadata(source.$metadata);
  if (metadata) safe.$metadata = metadata;
  const fault = text(source.$fault);
  if (fault !== undefined) safe.$fault = fault;
  const stack = frames(source.stack);
  if (stack !== undefined) safe.stack = stack;
  if (source.cause !== undefined && source.cause !== null && depth < MAX_CAUSE_DEPTH) {
    safe.cause = safeError(source.cause, depth + 1);
  }
  return safe;
}

function awsMetadata(value: unknown): SafeError['$metadata'] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const picked = {
    httpStatusCode: finite(field(value, 'httpStatusCode')),
    requestId: text(field(value, 'requestId')),
    attempts: finite(field(value, 'attempts')),
  };
  const present = Object.entries(picked).filter(([, v]) => v !== undefined);
  return present.length > 0 ? (Object.fromEntries(present) as SafeError['$metadata']) : undefined;
}

function frames(stack: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const lines = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return lines.length > 0 ? scrubTokens(lines.join('\n')) : undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Loose)[key] : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return scrubTokens(value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value);
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
