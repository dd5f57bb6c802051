import { randomFillSync, randomUUID } from 'node:crypto';

/** A source of uniform numbers in [0, 1): crypto by default, a seeded PRNG when seeding. */
export type Random = () => number;

// Real access key ids use a base32 alphabet after the AKIA prefix, so ids made here look real to any
// validation the bot applies (`[\w]{16,128}`) and to a person reading the demo.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// One system call per few hundred ids instead of one each: seeding 15,000 keys stays in milliseconds.
const pool = Buffer.alloc(8192);
let poolOffset = pool.length;

function randomBytes(size: number): Buffer {
  if (poolOffset + size > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + size);
  poolOffset += size;
  return bytes;
}

export const cryptoRandom: Random = () => randomBytes(4).readUInt32BE(0) / 0x1_0000_0000;

// Built from char codes rather than by `+=`: appending a character at a time leaves a rope of tiny strings
// per id, which made seeding 15,000 keys spend most of its time collecting garbage.
function pick(alphabet: string, length: number, random: Random): string {
  const codes = new Array<number>(length);
  for (let i = 0; i < length; i++) codes[i] = alphabet.charCodeAt(Math.floor(random() * alphabet.length));
  return String.fromCharCode(...codes);
}

export function newAccessKeyId(random: Random = cryptoRandom): string {
  return `AKIA${pick(BASE32, 16, random)}`;
}

/** Temporary (STS) access key ids start ASIA where long-term ones start AKIA. */
export function newSessionAccessKeyId(random: Random = cryptoRandom): string {
  return `ASIA${pick(BASE32, 16, random)}`;
}

/** Role ids: AROA and 17 characters, as in an assumed role's AssumedRoleId `AROA...:session`. */
export function newRoleId(random: Random = cryptoRandom): string {
  return `AROA${pick(ALNUM_UPPER, 17, random)}`;
}

/** Opaque, long and unguessable, as STS's are; only its equality matters to the stand-ins. */
export function newSessionToken(): string {
  return randomBytes(48).toString('base64');
}

/** IAM user ids: AIDA and 17 characters, 21 in all. */
export function newUserId(random: Random = cryptoRandom): string {
  return `AIDA${pick(ALNUM_UPPER, 17, random)}`;
}

/** Group ids: AGPA and 17 characters, as IAM's. */
export function newGroupId(random: Random = cryptoRandom): string {
  return `AGPA${pick(ALNUM_UPPER, 17, random)}`;
}

/** 40 characters, as IAM issues them. Always from crypto: a secret must never be predictable, even here. */
export function newSecretAccessKey(): string {
  const bytes = randomBytes(40);
  const codes = new Array<number>(40);
  for (let i = 0; i < 40; i++) codes[i] = SECRET_ALPHABET.charCodeAt((bytes[i] ?? 0) & 63);
  return String.fromCharCode(...codes);
}

export function newRequestId(): string {
  return randomUUID();
}
