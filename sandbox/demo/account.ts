import { createHash } from 'node:crypto';
import type { IamState } from '../iam';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A key as the demo describes it: ages in days before "now", so the account looks the same whenever seeded. */
export interface DemoKey {
  ageDays: number;
  status?: 'Active' | 'Inactive';
  /** Days since last use, the service and the region; absent for a key never used. */
  used?: [daysAgo: number, service: string, region: string];
}

export interface DemoUser {
  name: string;
  service?: boolean;
  keys: DemoKey[];
}

/**
 * About fifty users, people and services, chosen so that every case the bot distinguishes is on screen
 * with the demo policy's thresholds (stale when older than 90 days, or not used for 30): keys stale for
 * each reason, keys just under each threshold, inactive keys (never reported), users at the two-key
 * limit, users without keys, a key made this week and not used yet (not stale), and the exempt ci-deploy.
 */
const DEMO_USERS: readonly DemoUser[] = [
  // alice: one active key in daily use and room for a second, for create and rotate.
  { name: 'alice', keys: [{ ageDays: 45, used: [0.2, 's3', 'eu-west-1'] }] },
  // bob: in use, but older than 90 days: stale by age.
  { name: 'bob', keys: [{ ageDays: 120, used: [1, 'ec2', 'us-east-1'] }] },
  { name: 'carol.jones', keys: [{ ageDays: 180, used: [1, 'sts', 'us-west-2'] }] },
  // Used, but not for more than 30 days: stale as unused.
  { name: 'dan.chen', keys: [{ ageDays: 60, used: [45, 'dynamodb', 'eu-central-1'] }] },
  { name: 'erin.patel', keys: [{ ageDays: 75, used: [38, 'lambda', 'us-east-1'] }] },
  // Never used and older than 30 days: stale.
  { name: 'frank.kim', keys: [{ ageDays: 40 }] },
  { name: 'grace.novak', keys: [{ ageDays: 33 }] },
  // Never used, but made this week: not stale yet.
  { name: 'heidi.silva', keys: [{ ageDays: 2 }] },
  // Inactive keys are switched off already; reports leave them out.
  { name: 'ivan.ito', keys: [{ ageDays: 200, status: 'Inactive', used: [150, 's3', 'us-east-1'] }] },
  // A finished rotation: the old key is off, waiting to be deleted.
  {
    name: 'judy.okafor',
    keys: [
      { ageDays: 150, status: 'Inactive', used: [12, 'ec2', 'eu-west-1'] },
      { ageDays: 10, used: [1, 'ec2', 'eu-west-1'] },
    ],
  },
  // At the two-key limit with both active: a rotation in progress, the old key stale by age.
  {
    name: 'mallory.garcia',
    keys: [
      { ageDays: 100, used: [3, 's3', 'us-west-2'] },
      { ageDays: 5, used: [1, 's3', 'us-west-2'] },
    ],
  },
  { name: 'niaj.smith', keys: [{ ageDays: 20, used: [1, 'cloudformation', 'eu-west-1'] }] },
  // Console users without access keys.
  { name: 'olivia.brown', keys: [] },
  { name: 'peggy.wu', keys: [{ ageDays: 7, used: [1, 'logs', 'ap-southeast-2'] }] },
  // Stale for both reasons.
  { name: 'quentin.roy', keys: [{ ageDays: 400, used: [300, 'iam', 'us-east-1'] }] },
  { name: 'rupert.hale', keys: [{ ageDays: 25, used: [1, 'sqs', 'eu-west-1'] }] },
  // Just under each threshold: not stale.
  { name: 'sybil.fox', keys: [{ ageDays: 88, used: [1, 'ecr', 'us-east-1'] }] },
  { name: 'trent.moss', keys: [{ ageDays: 31, used: [29, 's3', 'eu-central-1'] }] },
  { name: 'uma.rao', keys: [{ ageDays: 14, used: [1, 'dynamodb', 'us-west-2'] }] },
  { name: 'victor.lee', keys: [{ ageDays: 95, status: 'Inactive' }] },
  { name: 'walter.diaz', keys: [{ ageDays: 60, used: [1, 'sts', 'eu-west-1'] }] },
  { name: 'xena.park', keys: [{ ageDays: 3, used: [1, 'lambda', 'ap-southeast-2'] }] },
  { name: 'yusuf.ali', keys: [] },
  { name: 'zoe.martin', keys: [] },

  // Exempt by policy: old and busy, and never in a report.
  { name: 'ci-deploy', service: true, keys: [{ ageDays: 500, used: [0.1, 'ecr', 'us-east-1'] }] },
  { name: 'terraform-prod', service: true, keys: [{ ageDays: 410, used: [1, 'iam', 'us-east-1'] }] },
  { name: 'terraform-staging', service: true, keys: [{ ageDays: 60, used: [1, 'ec2', 'eu-west-1'] }] },
  { name: 'backup-s3', service: true, keys: [{ ageDays: 95, used: [1, 's3', 'eu-central-1'] }] },
  { name: 'backup-rds', service: true, keys: [{ ageDays: 89, used: [1, 'rds', 'eu-west-1'] }] },
  { name: 'etl-nightly', service: true, keys: [{ ageDays: 60 }] },
  { name: 'metrics-exporter', service: true, keys: [{ ageDays: 80, used: [35, 'monitoring', 'us-west-2'] }] },
  { name: 'log-shipper', service: true, keys: [{ ageDays: 20, used: [1, 'logs', 'eu-west-1'] }] },
  { name: 'lambda-deployer', service: true, keys: [{ ageDays: 45, used: [1, 'lambda', 'eu-west-1'] }] },
  { name: 'legacy-ftp-sync', service: true, keys: [{ ageDays: 300 }] },
  {
    name: 'data-warehouse-loader',
    service: true,
    keys: [{ ageDays: 12, used: [1, 'redshift', 'us-east-1'] }],
  },
  {
    name: 'grafana-cloudwatch',
    service: true,
    keys: [{ ageDays: 70, used: [1, 'monitoring', 'eu-central-1'] }],
  },
  { name: 'sentry-sourcemaps', service: true, keys: [{ ageDays: 15, used: [2, 's3', 'us-west-2'] }] },
  {
    name: 'cost-explorer-report',
    service: true,
    keys: [{ ageDays: 150, status: 'Inactive', used: [100, 'ce', 'us-east-1'] }],
  },
  { name: 'vpn-cert-renewer', service: true, keys: [{ ageDays: 28 }] },
  { name: 'github-actions-fallback', service: true, keys: [{ ageDays: 10, used: [1, 'sts', 'us-east-1'] }] },
  // Busy services whose keys were never rotated: stale by age. With them the report holds more stale
  // keys than a message shows, so its full list comes as a CSV; used hours ago, they sort last.
  { name: 'reporting-api', service: true, keys: [{ ageDays: 240, used: [0.5, 'athena', 'us-east-1'] }] },
  { name: 'search-indexer', service: true, keys: [{ ageDays: 210, used: [0.5, 'es', 'eu-west-1'] }] },
  { name: 'mobile-backend', service: true, keys: [{ ageDays: 190, used: [0.5, 'sns', 'us-west-2'] }] },
  { name: 'image-resizer', service: true, keys: [{ ageDays: 170, used: [0.5, 's3', 'eu-central-1'] }] },
  { name: 'billing-sync', service: true, keys: [{ ageDays: 150, used: [0.5, 'sqs', 'us-east-1'] }] },
  { name: 'crm-export', service: true, keys: [{ ageDays: 130, used: [0.5, 's3', 'eu-west-1'] }] },
  { name: 'mail-relay', service: true, keys: [{ ageDays: 115, used: [0.5, 'ses', 'eu-west-1'] }] },
  { name: 'queue-worker', service: true, keys: [{ ageDays: 100, used: [0.5, 'sqs', 'us-west-2'] }] },
];

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Ids derived from the name: the same on every reset, so screenshots and docs keep matching the page. */
function stableId(prefix: string, alphabet: string, length: number, seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let id = prefix;
  for (let i = 0; i < length; i++) id += alphabet[(digest[i] ?? 0) % alphabet.length];
  return id;
}

/**
 * The dev account's seeds are unprefixed, so its ids are the ones the demo has always had; another
 * account's name goes into the seed, so alice's prod key is not her dev key.
 */
const seedOf = (account: string, what: string) => (account === 'dev' ? what : `${account}:${what}`);

/** A seeded key's id; `account` is a demo account's name (sandbox/demo/accounts.ts). */
export function demoAccessKeyId(userName: string, index: number, account = 'dev'): string {
  return stableId('AKIA', BASE32, 16, seedOf(account, `key:${userName}:${index}`));
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** Fills an empty state with the dev demo account; secrets are random, as IAM's are. */
export function seedDemoAccount(state: IamState, now: Date = state.now()): void {
  seedUsers(state, 'dev', DEMO_USERS, now);
  // What a leaked key's user may do, as the incident card shows it: a group, a managed and an inline policy.
  for (const name of ['alice', 'bob']) state.addUserToGroup(name, 'developers');
  state.attachUserPolicy('alice', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess');
  state.putUserPolicy('bob', 'ec2-start-stop');
}

/** Adds the users and their keys, with ids derived from the account's name and theirs. */
export function seedUsers(state: IamState, account: string, users: readonly DemoUser[], now: Date): void {
  for (const user of users) {
    const oldestKey = Math.max(0, ...user.keys.map((key) => key.ageDays));
    state.addUser(user.name, {
      userId: stableId('AIDA', ALNUM_UPPER, 17, seedOf(account, `user:${user.name}`)),
      path: user.service ? '/service/' : '/',
      createDate: daysBefore(now, oldestKey + 30),
      passwordEnabled: !user.service,
    });
    user.keys.forEach((key, index) => {
      const [usedDaysAgo, serviceName, region] = key.used ?? [];
      state.addKey(user.name, {
        accessKeyId: demoAccessKeyId(user.name, index, account),
        status: key.status ?? 'Active',
        createDate: daysBefore(now, key.ageDays),
        ...(usedDaysAgo !== undefined && serviceName && region
          ? { lastUsed: { date: daysBefore(now, usedDaysAgo), serviceName, region } }
          : {}),
      });
    });
  }
}
