import { IamState } from '../iam';
import { Organization } from '../organizations';
import type { StsRole } from '../sts';
import { type DemoUser, seedUsers } from './account';
import { DEV_ACCOUNT_ID, PROD_ACCOUNT_ID } from './accounts';

/**
 * The demo's AWS organization (sandbox/keywarden.yml's `organization:` block): dev and prod, the two
 * accounts the policy lists, and two members Keywarden finds by itself, in two OUs. Ids from AWS's
 * documentation style, never real accounts.
 */
export const PRODUCTION_OU = 'ou-demo-production';
export const DEVELOPMENT_OU = 'ou-demo-development';
export const ORG_ROLE_NAME = 'keywarden';
export const ORG_EXTERNAL_ID = 'keywarden-sandbox-org';

/** A member account only discovery names: `data-platform` and `playground` as the bot lists them. */
export interface DemoMember {
  id: string;
  /** As the organization names it; the bot lower-cases it (data-platform, playground). */
  name: string;
  ou: string;
  users: readonly DemoUser[];
}

export const DEMO_MEMBERS: readonly DemoMember[] = [
  {
    id: '555566667777',
    name: 'Data Platform',
    ou: PRODUCTION_OU,
    users: [
      { name: 'alice', keys: [{ ageDays: 20, used: [0.5, 'glue', 'eu-west-1'] }] },
      { name: 'etl-nightly', service: true, keys: [{ ageDays: 200, used: [0.1, 's3', 'eu-west-1'] }] },
    ],
  },
  {
    id: '777788889999',
    name: 'Playground',
    ou: DEVELOPMENT_OU,
    users: [{ name: 'bob', keys: [{ ageDays: 60 }] }],
  },
];

/** The organization as the Organizations stand-in serves it; a test or the panel may change it live. */
export function demoOrganization(): Organization {
  return new Organization({
    rootId: 'r-demo',
    units: [
      { id: PRODUCTION_OU, name: 'Production', parentId: 'r-demo' },
      { id: DEVELOPMENT_OU, name: 'Development', parentId: 'r-demo' },
    ],
    accounts: [
      { id: DEV_ACCOUNT_ID, name: 'Dev', parentId: DEVELOPMENT_OU },
      { id: PROD_ACCOUNT_ID, name: 'Prod', parentId: PRODUCTION_OU },
      ...DEMO_MEMBERS.map((member) => ({ id: member.id, name: member.name, parentId: member.ou })),
    ],
  });
}

/** Each member's IAM, seeded afresh at every start (the demo's saved files keep dev and prod). */
export function demoMemberStates(now?: Date): Map<string, IamState> {
  return new Map(
    DEMO_MEMBERS.map((member) => {
      const state = new IamState({ accountId: member.id });
      seedUsers(
        state,
        member.name.toLowerCase().replace(/[^a-z0-9-]/g, '-'),
        member.users,
        now ?? state.now(),
      );
      return [member.id, state];
    }),
  );
}

/** The members' keywarden roles: trusting the bot's own account, with the organization's ExternalId. */
export function demoMemberRoles(): Record<string, StsRole> {
  return Object.fromEntries(
    DEMO_MEMBERS.map((member) => [
      `arn:aws:iam::${member.id}:role/${ORG_ROLE_NAME}`,
      { externalId: ORG_EXTERNAL_ID, trusts: [DEV_ACCOUNT_ID] },
    ]),
  );
}
