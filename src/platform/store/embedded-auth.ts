import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';

/** DynamoDB's largest request (a 16 MB batch write), with room for JSON. */
export const MAX_BODY_BYTES = 17 * 1024 * 1024;

const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface EmbeddedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A fresh pair for each start: it lives only in this process's memory, never on disk. */
export function generateCredentials(): EmbeddedCredentials {
  return {
    accessKeyId: `KWEMBEDDED${randomBytes(10).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
}

/** SignatureV4 wants a constructor of this shape; node's crypto is all it needs. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData) =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

/**
 * Verifies a request's SigV4 signature against the embedded store's own pair by signing the same
 * request again (same signed headers, same date, same body) and comparing. dynalite checks only
 * that a signature is present; without this, any process on the host that reaches loopback could
 * write an approval straight into the store. Written here because the SDK signs but ships no verifier.
 */
export class SignatureCheck {
  private readonly signer: SignatureV4;

  constructor(private readonly credentials: EmbeddedCredentials) {
    this.signer = new SignatureV4({
      credentials,
      region: 'local',
      service: 'dynamodb',
      sha256: NodeSha256,
      uriEscapePath: true,
    });
  }

  async verify(req: IncomingMessage, body: Buffer): Promise<boolean> {
    const auth = req.headers.authorization ?? '';
    const fields = Object.fromEntries(
      [...auth.matchAll(/(Credential|SignedHeaders|Signature)=([^,\s]+)/g)].map((m) => [m[1], m[2]]),
    );
    const [keyId, , region] = (fields.Credential ?? '').split('/');
    if (!fields.Signature || !fields.SignedHeaders || keyId !== this.credentials.accessKeyId) return false;
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    const date = parseAmzDate(amzDate);
    // As AWS does: a signature older or newer than five minutes is refused, which bounds replays.
    if (!date || Math.abs(Date.now() - date.getTime()) > MAX_CLOCK_SKEW_MS) return false;
    const headers: Record<string, string> = {};
    for (const name of fields.SignedHeaders.split(';')) {
      const value = req.headers[name];
      if (value === undefined) return false;
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const url = new URL(req.url ?? '/', 'http://embedded');
    const signed = await this.signer.sign(
      {
        method: req.method ?? 'POST',
        protocol: 'http:',
        hostname: String(req.headers.host ?? ''),
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body: body.toString('utf8'),
      },
      { signingDate: date, signingRegion: region },
    );
    const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization ?? ''))?.[1] ?? '';
    return safeEqual(expected, fields.Signature);
  }
}

function parseAmzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
