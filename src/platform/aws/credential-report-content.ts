import { GetCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { GetCredentialReportCommandOutput } from '@aws-sdk/client-iam';
import { KeywardenError } from '../../kernel/errors';

const OPEN = Buffer.from('<Content>');
const LT = 0x3c;
const WHITESPACE = /\s+/g;
const NOT_BASE64 = /[^A-Za-z0-9+/=]/;

export const CONTENT_MIDDLEWARE = 'keywardenCredentialReportContent';

export interface ExtractedContent {
  /** Whether the answer had a Content element: the report's bytes went to `onContent`. */
  found: boolean;
  /** The XML with an empty Content element, for the SDK's deserializer. */
  rest: Buffer;
}

class Base64Pieces {
  private carry = '';

  /** `onBytes` gets each decoded piece as soon as its whole 4-character groups are in. */
  constructor(private readonly onBytes: (bytes: Buffer) => void) {}

  push(bytes: Buffer): void {
    const text = this.carry + bytes.toString('latin1').replace(WHITESPACE, '');
    if (NOT_BASE64.test(text)) {
      throw new KeywardenError('IAM_UNAVAILABLE', 'IAM GetCredentialReport: Content is not base64');
    }
    // Only whole 4-character groups decode on their own; the rest waits for the next piece.
    const whole = text.length - (text.length % 4);
    if (whole > 0) this.onBytes(Buffer.from(text.slice(0, whole), 'base64'));
    this.carry = text.slice(whole);
  }

  end(): void {
    if (this.carry.length > 0) this.onBytes(Buffer.from(this.carry, 'base64'));
    this.carry = '';
  }
}

/**
 * Reads a GetCredentialReport body piece by piece, decoding the base64 between <Content> and </Content>
 * as it goes and keeping the few hundred bytes around it. The opening tag may be split across pieces,
 * so the tail of a piece that could begin one is kept; base64 has no `<`, so the first `<` after the
 * opening tag ends the content, and the pieces between are decoded where they lie, without a copy,
 * each handed to `onContent` at once.
 */
export async function extractContent(
  body: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
  onContent: (bytes: Buffer) => void,
): Promise<ExtractedContent> {
  const head: Buffer[] = [];
  const tail: Buffer[] = [];
  const base64 = new Base64Pieces(onContent);
  let state: 'before' | 'inside' | 'after' = 'before';
  let pending: Buffer = Buffer.alloc(0);
  for await (const piece of body) {
    let data =
      typeof piece === 'string'
        ? Buffer.from(piece)
        : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    if (state === 'before') {
      data = Buffer.concat([pending, data]);
      const at = data.indexOf(OPEN);
      if (at < 0) {
        const keep = Math.min(OPEN.length - 1, data.length);
        head.push(data.subarray(0, data.length - keep));
        pending = data.subarray(data.length - keep);
        continue;
      }
      pending = Buffer.alloc(0);
      head.push(data.subarray(0, at + OPEN.length));
      data = data.subarray(at + OPEN.length);
      state = 'inside';
    }
    if (state === 'inside') {
      const at = data.indexOf(LT);
      if (at < 0) {
        base64.push(data);
        continue;
      }
      base64.push(data.subarray(0, at));
      data = data.subarray(at);
      state = 'after';
    }
    tail.push(data);
  }
  if (state === 'inside') {
    throw new KeywardenError('IAM_UNAVAILABLE', 'IAM GetCredentialReport: the answer ends inside Content');
  }
  if (state === 'before') return { found: false, rest: Buffer.concat([...head, pending]) };
  base64.end();
  return { found: true, rest: Buffer.concat([...head, ...tail]) };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array | string> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function';
}

/** Where the report's bytes go as they arrive: a parser, or anything that takes bytes in pieces. */
export interface ContentSink<T> {
  write(bytes: Buffer): void;
  end(): Promise<T>;
}

export interface CredentialReportAnswer<T> {
  output: GetCredentialReportCommandOutput;
  /** What the sink made of the report's bytes. */
  content: T;
}

/**
 * GetCredentialReport through the SDK's own client (signing, retries, error mapping all as usual), with
 * one middleware under the SDK's deserializer: on a 200 it takes Content out of the body as the body
 * streams in, and writes it, piece by piece, to a sink opened for that attempt (an attempt the SDK
 * retries starts a new sink). Without it the SDK's XML parser builds the 3.6 MB of base64 of a
 * 10,000-user report one character at a time, about 120 MB of heap for a moment. Error answers reach
 * the deserializer untouched.
 */
export async function getCredentialReport<T>(
  client: IAMClient,
  openSink: () => ContentSink<T>,
): Promise<CredentialReportAnswer<T>> {
  const command = new GetCredentialReportCommand({});
  let content: { value: T } | undefined;
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; body?: unknown };
      if (response.statusCode !== 200 || !isAsyncIterable(response.body)) return result;
      const sink = openSink();
      const extracted = await extractContent(response.body, (bytes) => sink.write(bytes));
      const value = await sink.end();
      if (extracted.found) content = { value };
      response.body = extracted.rest;
      return result;
    },
    // Low priority within the deserialize step: inside the SDK's deserializer, next to the raw response.
    { step: 'deserialize', priority: 'low', name: CONTENT_MIDDLEWARE },
  );
  // An options argument keeps this send out of the client's handler cache (cacheMiddleware): a
  // cached handler would keep the first report's middleware, and with it the first report's sink.
  const output = await client.send(command, {});
  if (content) return { output, content: content.value };
  // The SDK decoded Content itself (a body that was not a stream), or there was none.
  const sink = openSink();
  if (output.Content && output.Content.length > 0) sink.write(Buffer.from(output.Content));
  return { output, content: await sink.end() };
}
