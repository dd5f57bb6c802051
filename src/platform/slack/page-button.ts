/**
 * What a Next / Previous button carries: which list it pages (the query, as the first page asked
 * for it) and where the page starts. It comes back in a click as untrusted text, so it is decoded
 * here against a strict schema: nothing but a well-formed query and position passes, and whoever
 * clicks is checked again by the service, on every page.
 */
import { z } from 'zod';
import { decodeJson } from './json-value';
import type { AuditTrail } from '../../kernel/ports/audit-log';
import { asPagePosition, MAX_POSITION_LENGTH, type PageCursor, type PagePosition } from '../../kernel/page';
import { IAM_USER_NAME, KEY_ID, type IamUserName, type KeyId } from '../../kernel/types';

const ACCOUNT_NAME = /^[a-z0-9-]{1,32}$/;
const VERSION = 1;

const position = z
  .string()
  .max(MAX_POSITION_LENGTH)
  .refine((text) => asPagePosition(text) !== undefined, 'not a page position');

const trail = z.discriminatedUnion('k', [
  z.strictObject({ k: z.literal('all') }),
  z.strictObject({
    k: z.literal('user'),
    owner: z.string().regex(IAM_USER_NAME),
    account: z.string().regex(ACCOUNT_NAME).optional(),
  }),
  z.strictObject({ k: z.literal('key'), keyId: z.string().regex(KEY_ID) }),
]);

const auditValue = z.strictObject({ v: z.literal(VERSION), q: trail, p: position });
const approvalsValue = z.strictObject({ v: z.literal(VERSION), p: position });

export function encodeAuditPage(query: AuditTrail, at: PagePosition): string {
  const q =
    'all' in query
      ? { k: 'all' }
      : 'keyId' in query
        ? { k: 'key', keyId: query.keyId }
        : { k: 'user', owner: query.owner, ...(query.account ? { account: query.account } : {}) };
  return JSON.stringify({ v: VERSION, q, p: at });
}

export function decodeAuditPage(value: string): { query: AuditTrail; at: PagePosition } | undefined {
  const decoded = decodeJson(auditValue, value);
  if (!decoded) return undefined;
  const { q } = decoded;
  const query: AuditTrail =
    q.k === 'all'
      ? { all: true }
      : q.k === 'key'
        ? { keyId: q.keyId as KeyId }
        : { owner: q.owner as IamUserName, ...(q.account ? { account: q.account } : {}) };
  return { query, at: decoded.p as PagePosition };
}

export function encodeApprovalsPage(at: PagePosition): string {
  return JSON.stringify({ v: VERSION, p: at });
}

export function decodeApprovalsPage(value: string): { at: PagePosition } | undefined {
  const decoded = decodeJson(approvalsValue, value);
  return decoded ? { at: decoded.p as PagePosition } : undefined;
}

/** Which way a Next / Previous click pages from the position its button carries. */
export function pageCursor(direction: 'next' | 'previous', at: PagePosition): PageCursor {
  return direction === 'next' ? { after: at } : { before: at };
}
