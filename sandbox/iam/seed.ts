import type { Random } from './ids';
import { newAccessKeyId, newUserId } from './ids';
import { ACCESS_KEYS_PER_USER, type IamState, type KeyLastUse } from './state';

export interface SeedLargeAccountOptions {
  users: number;
  /** Total keys across all users; at most two a user. */
  keys: number;
  /** Same seed, same account (names, ids, dates, statuses); secrets are always random. */
  seed?: number;
  /** The account's "today"; default the state's clock. */
  now?: Date;
}

const DAY = 24 * 60 * 60 * 1000;
const FIRST_NAMES = [
  'alice',
  'bob',
  'carol',
  'dan',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'mallory',
  'niaj',
];
const LAST_NAMES = ['smith', 'jones', 'garcia', 'chen', 'patel', 'kim', 'novak', 'silva', 'ito', 'okafor'];
const SERVICE_PREFIXES = ['ci-deploy', 'backup', 'etl', 'metrics', 'terraform'];
const SERVICES = ['s3', 'ec2', 'sts', 'iam', 'dynamodb', 'lambda', 'logs', 'sqs'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];

/** mulberry32: tiny, fast and good enough to make a fake account look varied. */
function prng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function choose<T>(items: readonly T[], random: Random): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('choose() from an empty list');
  return item;
}

function daysAgo(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY);
}

/** An age in days, skewed the way real accounts are: many recent keys, a long tail of forgotten ones. */
function keyAgeDays(random: Random, maxDays: number): number {
  const r = random();
  const days =
    r < 0.3
      ? random() * 30
      : r < 0.6
        ? 30 + random() * 150
        : r < 0.85
          ? 180 + random() * 550
          : 730 + random() * 1100;
  return Math.min(days, maxDays);
}

function lastUse(random: Random, now: Date, createDate: Date): KeyLastUse | undefined {
  const r = random();
  if (r < 0.15) return undefined;
  const span = now.getTime() - createDate.getTime();
  // Half are in daily use; the rest stopped at some point after creation, which is what "stale" looks like.
  const date =
    r < 0.65
      ? new Date(Math.max(createDate.getTime(), now.getTime() - random() * 7 * DAY))
      : new Date(createDate.getTime() + random() * span);
  return { date, serviceName: choose(SERVICES, random), region: choose(REGIONS, random) };
}

/**
 * Fills `state` with `users` users holding `keys` keys in all: about a tenth of users without keys where
 * the counts allow, the rest with one or two (two means a rotation in progress); a mix of ages, never-used,
 * inactive and recently used keys. Deterministic for a seed, and linear: 10,000 users well under a second.
 */
export function seedLargeAccount(state: IamState, options: SeedLargeAccountOptions): void {
  const { users, keys } = options;
  if (!Number.isInteger(users) || !Number.isInteger(keys) || users < 0 || keys < 0) {
    throw new Error('users and keys must be non-negative integers');
  }
  if (keys > users * ACCESS_KEYS_PER_USER) {
    throw new Error(`${keys} keys do not fit ${users} users at ${ACCESS_KEYS_PER_USER} keys a user`);
  }
  const random = prng(options.seed ?? 1);
  const now = options.now ?? state.now();

  // Zero-key users z must satisfy users - keys <= z <= users - keys / 2 for the keys to fit.
  const keyless = Math.min(Math.max(Math.round(users * 0.1), users - keys), Math.floor(users - keys / 2));
  const holders = users - keyless;
  const twoKeys = keys - holders;
  const keyCounts = new Array<number>(users).fill(0);
  for (let i = 0; i < holders; i++) keyCounts[i] = i < twoKeys ? 2 : 1;
  for (let i = users - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [keyCounts[i], keyCounts[j]] = [keyCounts[j] ?? 0, keyCounts[i] ?? 0];
  }

  for (let i = 0; i < users; i++) {
    const service = random() < 0.15;
    const serial = String(i).padStart(5, '0');
    const userName = service
      ? `${choose(SERVICE_PREFIXES, random)}-${serial}`
      : `${choose(FIRST_NAMES, random)}.${choose(LAST_NAMES, random)}-${serial}`;
    const userCreated = daysAgo(now, 1 + random() * 2000);
    state.addUser(userName, {
      createDate: userCreated,
      passwordEnabled: !service && random() < 0.7,
      userId: newUserId(random),
    });

    const count = keyCounts[i] ?? 0;
    const userAgeDays = (now.getTime() - userCreated.getTime()) / DAY;
    // The second key of a pair is the newer one of a rotation: created after the first.
    let olderThan = userAgeDays;
    const ages: number[] = [];
    for (let k = 0; k < count; k++) {
      const age = keyAgeDays(random, olderThan);
      ages.push(age);
      olderThan = age * random();
    }
    ages.forEach((age, k) => {
      const createDate = daysAgo(now, age);
      const used = lastUse(random, now, createDate);
      // In a pair the old key is often already switched off, waiting for deletion.
      const inactive = random() < (count === 2 && k === 0 ? 0.4 : 0.08);
      state.addKey(userName, {
        accessKeyId: newAccessKeyId(random),
        status: inactive ? 'Inactive' : 'Active',
        createDate,
        ...(used ? { lastUsed: used } : {}),
      });
    });
  }
}
