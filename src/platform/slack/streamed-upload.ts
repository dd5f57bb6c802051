import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WebClient } from '@slack/web-api';
import { codeOf } from '../../kernel/errors';

/**
 * A file too large to hold whole: its bytes, written again each time they are asked for. An
 * organization's stale-key CSV is 12.6 MB for 90,120 keys; `files.uploadV2` reads a file whole
 * before it sends it, so it would sit in memory whole (bench/README.md, organization).
 */
export type FilePieces = () => Iterable<Buffer>;

export interface StreamedFile {
  channelId: string;
  threadTs?: string;
  filename: string;
  comment: string;
  pieces: FilePieces;
}

export interface StreamedUploadOptions {
  /** For the POST of the bytes; the Web API calls keep the client's own. */
  timeoutMs?: number;
  /** POSTs of the bytes, in all, when the upload URL drops or answers 5xx. */
  attempts?: number;
}

/**
 * The three steps of files.uploadV2 (files.getUploadURLExternal, the bytes POSTed to its upload URL,
 * files.completeUploadExternal), with the bytes written to the connection piece by piece: first
 * counted, because the URL is asked for with the file's length, then sent. The two Web API calls go
 * through the WebClient (its retries, rate limits and errors); the POST is written here because
 * the SDK's upload reads the whole file, and no library streams to Slack's upload URL.
 */
export async function uploadStreamed(
  client: WebClient,
  file: StreamedFile,
  options: StreamedUploadOptions = {},
): Promise<void> {
  let length = 0;
  for (const piece of file.pieces()) length += piece.length;
  const opened = await client.files.getUploadURLExternal({ filename: file.filename, length });
  if (!opened.upload_url || !opened.file_id) throw new Error('files.getUploadURLExternal gave no upload URL');
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      await post(opened.upload_url, file.pieces, length, options.timeoutMs ?? 60_000);
      break;
    } catch (error) {
      if (attempt >= attempts || !(error instanceof UploadError && error.retryable)) throw error;
      await sleep(250 * 2 ** (attempt - 1));
    }
  }
  await client.files.completeUploadExternal({
    files: [{ id: opened.file_id, title: file.filename }],
    channel_id: file.channelId,
    initial_comment: file.comment,
    ...(file.threadTs ? { thread_ts: file.threadTs } : {}),
  });
}

/** A failed POST of the bytes; never carries the upload URL, which lets anyone write the file. */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UploadError';
  }
}

async function post(url: string, pieces: FilePieces, length: number, timeoutMs: number): Promise<void> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const request = send(target, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'content-length': length },
  });
  request.setTimeout(timeoutMs, () =>
    request.destroy(new UploadError(`the file upload timed out after ${timeoutMs} ms`, true)),
  );
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
  });
  // Both awaited together: a server that answers before reading the whole body still settles this.
  answered.catch(() => undefined);
  try {
    await pipeline(Readable.from(pieces()), request);
    const response = await answered;
    response.resume();
    const status = response.statusCode ?? 0;
    if (status !== 200) {
      throw new UploadError(`the file upload was answered ${status}`, status >= 500 || status === 429);
    }
  } catch (error) {
    if (error instanceof UploadError) throw error;
    // A reset, a refused connection: what the request said, without its URL.
    const code = codeOf(error) ?? 'ERROR';
    throw new UploadError(`the file upload failed (${code})`, true, { cause: { code } });
  }
}
