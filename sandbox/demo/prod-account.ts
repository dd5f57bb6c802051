import type { IamState } from '../iam';
import { type DemoUser, seedUsers } from './account';

/**
 * A small production account beside the larger dev one: alice and bob each hold a prod key (so
 * `/keys list alice@prod` has something to show; alice's is stale by age), with keys stale for each reason, an inactive
 * break-glass key and the exempt ci-deploy, so the stale report has rows in both accounts.
 */
const PROD_USERS: readonly DemoUser[] = [
  // alice: a prod key in daily use, but never rotated: stale by age, so a scheduled run nudges her too
  // (the README's story as alice: the nudge, Snooze or Rotate).
  { name: 'alice', keys: [{ ageDays: 130, used: [0.3, 'rds', 'eu-west-1'] }] },
  // bob: busy, but older than 90 days: stale by age.
  { name: 'bob', keys: [{ ageDays: 130, used: [2, 'ec2', 'eu-west-1'] }] },
  // Not used for more than 30 days: stale as unused.
  { name: 'carol.jones', keys: [{ ageDays: 70, used: [40, 'cloudwatch', 'eu-west-1'] }] },
  // Never used, older than 30 days: stale.
  { name: 'dan.chen', keys: [{ ageDays: 45 }] },
  // A console user without keys.
  { name: 'olivia.brown', keys: [] },
  // Service users: the payments API's key is a year old (stale), the deployer's is fresh.
  { name: 'payments-api', service: true, keys: [{ ageDays: 380, used: [0.1, 'dynamodb', 'eu-west-1'] }] },
  { name: 'prod-deployer', service: true, keys: [{ ageDays: 12, used: [1, 'ecs', 'eu-west-1'] }] },
  // Exempt by policy here too.
  { name: 'ci-deploy', service: true, keys: [{ ageDays: 500, used: [0.2, 'ecr', 'eu-west-1'] }] },
  // Switched off and kept for emergencies: inactive keys are never reported.
  { name: 'breakglass', service: true, keys: [{ ageDays: 300, status: 'Inactive' }] },
];

/** Fills an empty state with the prod demo account. */
export function seedProdAccount(state: IamState, now: Date = state.now()): void {
  seedUsers(state, 'prod', PROD_USERS, now);
}
