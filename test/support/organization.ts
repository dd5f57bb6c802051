import { CredentialRegistry, IamState, startIamServer, type IamServer } from '../../sandbox/iam';
import {
  Organization,
  startOrganizationsServer,
  type OrganizationsServer,
} from '../../sandbox/organizations';
import { startStsServer, type StsServer } from '../../sandbox/sts';
import { POLICY_YAML } from './bot';

/** The bot's own account and key (listed in the policy as `home`). */
export const HOME = '123456789012';
export const BOT = { accessKeyId: 'AKIAKEYWARDENORG001', secretAccessKey: 'bot-org-secret' };

export const ROOT = 'r-ab12';
export const PROD_OU = 'ou-ab12-prod0000';
export const WEB_OU = 'ou-ab12-web00000';
export const DEV_OU = 'ou-ab12-dev00000';
export const SHARED_OU = 'ou-ab12-shared00';

/** The member accounts of the stories, by role. */
export const MEMBER = {
  web: '111111111111',
  dev: '222222222222',
  legacy: '333333333333',
  /** Joins the organization during a story. */
  lake: '444444444444',
  /** In a managed OU, but in `exclude`. */
  audit: '555555555555',
  /** Its keywarden role trusts someone else: AssumeRole is denied. */
  partner: '666666666666',
  /** Under the root, outside `include`. */
  outside: '777777777777',
} as const;

export const ORG_EXTERNAL_ID = 'keywarden-org';

/**
 * The stories' policy: every ACTIVE account under Prod or Dev, the audit account left out; the
 * bot's own account listed as `home`; Prod's accounts (Web's included) approved by U0APPROVER2 and
 * reported to C0PRODSEC.
 */
export function organizationPolicy(extra = ''): string {
  return `${POLICY_YAML}
organization:
  roleName: keywarden
  externalId: ${ORG_EXTERNAL_ID}
  include: [${PROD_OU}, ${DEV_OU}]
  exclude: ['${MEMBER.audit}']
  refreshMinutes: 60
accounts:
  - name: home
policies:
  - ou: ${PROD_OU}
    approvals: { required: 1, approvers: [U0APPROVER2] }
    reports:
      - { channel: C0PRODSEC, schedule: '0 8 * * MON' }
${extra}`;
}

export interface OrgAccounts {
  registry: CredentialRegistry;
  iam: IamServer;
  sts: StsServer;
  organizations: OrganizationsServer;
  org: Organization;
  state(accountId: string): IamState;
  close(): Promise<void>;
}

/**
 * An organization in two OU trees (Prod with Web under it, Dev) and one account under the root, each
 * member with a `keywarden` role trusting the bot's account with the organization's ExternalId (but
 * partner's); one registry joins STS, IAM and Organizations, which knows who signs.
 */
export async function startOrganization(): Promise<OrgAccounts> {
  const registry = new CredentialRegistry({ base: { [BOT.accessKeyId]: HOME } });
  const states = new Map<string, IamState>([[HOME, new IamState()]]);
  for (const id of Object.values(MEMBER)) states.set(id, new IamState({ accountId: id }));
  const iam = await startIamServer({
    state: states.get(HOME) as IamState,
    accounts: Object.fromEntries([...states].filter(([id]) => id !== HOME)),
    credentials: registry,
  });
  const roles = Object.fromEntries(
    Object.values(MEMBER).map((id) => [
      `arn:aws:iam::${id}:role/keywarden`,
      { externalId: ORG_EXTERNAL_ID, trusts: id === MEMBER.partner ? ['999999999999'] : [HOME] },
    ]),
  );
  const sts = await startStsServer({ credentials: registry, roles, accountOfKey: iam.accountOfKey });
  const org = new Organization({
    rootId: ROOT,
    units: [
      { id: PROD_OU, name: 'Prod', parentId: ROOT },
      { id: WEB_OU, name: 'Web', parentId: PROD_OU },
      { id: DEV_OU, name: 'Dev', parentId: ROOT },
      { id: SHARED_OU, name: 'Shared', parentId: ROOT },
    ],
    accounts: [
      // The bot's own account is a member too: managed once, as the policy lists it (home).
      { id: HOME, name: 'Security Tooling', parentId: DEV_OU },
      { id: MEMBER.web, name: 'Prod Web', parentId: WEB_OU, tags: { team: 'web' } },
      { id: MEMBER.dev, name: 'Dev', parentId: DEV_OU },
      { id: MEMBER.legacy, name: 'Legacy Billing', parentId: PROD_OU },
      { id: MEMBER.audit, name: 'Audit', parentId: PROD_OU },
      { id: MEMBER.partner, name: 'Partner Sandbox', parentId: DEV_OU },
      { id: MEMBER.outside, name: 'Outside', parentId: SHARED_OU },
    ],
  });
  // Two accounts a page: the listing has to follow NextToken.
  const organizations = await startOrganizationsServer({
    org,
    pageSize: 2,
    accountOf: (key) => registry.accountOf(key),
  });
  return {
    registry,
    iam,
    sts,
    organizations,
    org,
    state: (id) => states.get(id) as IamState,
    close: async () => {
      await organizations.close();
      await sts.close();
      await iam.close();
    },
  };
}
