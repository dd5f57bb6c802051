import type { IncomingMessage } from 'node:http';

export interface SigningKey {
  accessKeyId: string;
  /** X-Amz-Security-Token: present for temporary credentials. */
  sessionToken?: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\//;

/**
 * Who signed a request, from SigV4's `Authorization: AWS4-HMAC-SHA256 Credential=<AKID>/<date>/...`
 * header or a presigned URL's X-Amz-Credential. Only the key is read: the signature itself is not
 * checked, since the stand-ins hold no secrets for the keys they are told about.
 */
export function signingKeyOf(req: IncomingMessage): SigningKey | undefined {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const header = req.headers.authorization;
  const fromHeader = header ? CREDENTIAL.exec(header)?.[1] : undefined;
  const accessKeyId = fromHeader ?? query.get('X-Amz-Credential')?.split('/')[0];
  if (!accessKeyId) return undefined;
  const token = req.headers['x-amz-security-token'] ?? query.get('X-Amz-Security-Token') ?? undefined;
  const sessionToken = Array.isArray(token) ? token[0] : token;
  return { accessKeyId, ...(sessionToken ? { sessionToken } : {}) };
}

const SCOPE_REGION = /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//;

/**
 * The region a request was signed for: the third part of SigV4's credential scope
 * (`<AKID>/<date>/<region>/<service>/aws4_request`). A stand-in that serves every region from one
 * address (CloudTrail) tells them apart by it, as AWS tells them apart by host.
 */
export function signingRegionOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const fromHeader = header ? SCOPE_REGION.exec(header)?.[1] : undefined;
  if (fromHeader) return fromHeader;
  const credential = new URL(req.url ?? '/', 'http://localhost').searchParams.get('X-Amz-Credential');
  return credential?.split('/')[2];
}
