import type { WebClientOptions } from '@slack/web-api';

/**
 * Options every WebClient of ours carries. By default a WebClient's request error keeps the axios
 * error as `original`, with the request body (a new secret, for chat.postEphemeral) and the
 * `Authorization: Bearer` header: one `{ err }` log line away from a log file.
 */
export const SAFE_ERROR_OPTIONS = { attachOriginalToWebAPIRequestError: false } as const;

/**
 * What the composition root adds to every WebClient, the ones slices build themselves included (the
 * secrets' and the reports' clients): the call counters' adapter while metrics are on, else nothing.
 */
export type SharedClientOptions = Pick<WebClientOptions, 'adapter'>;
