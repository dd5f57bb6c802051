import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, base64url: the token in the link, the state's secret, the browser cookie. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What a secret is stored and looked up as. */
export function hashOf(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export const SECRET = /^[A-Za-z0-9_-]{43}$/;
const HASH = /^[0-9a-f]{64}$/;

/** Whether `secret` hashes to `hash`, compared in constant time. */
export function matches(secret: string | undefined, hash: string | undefined): boolean {
  if (!secret || !hash || !SECRET.test(secret) || !HASH.test(hash)) return false;
  return timingSafeEqual(Buffer.from(hashOf(secret), 'hex'), Buffer.from(hash, 'hex'));
}

/** The state sent to the provider: the ticket's id (a hash, nothing to guess from) and a fresh secret. */
export function stateOf(ticketId: string, secret: string): string {
  return `${ticketId}.${secret}`;
}

export function parseState(state: string | undefined): { ticketId: string; secret: string } | undefined {
  const [ticketId, secret, extra] = (state ?? '').split('.');
  if (extra !== undefined || !ticketId || !secret || !HASH.test(ticketId) || !SECRET.test(secret)) {
    return undefined;
  }
  return { ticketId, secret };
}
