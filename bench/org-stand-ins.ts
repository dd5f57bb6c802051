/**
 * An organization in the stand-ins: a home account holding the bot's own key and role accounts
 * with a `keywarden` role trusting it, each seeded as a large account, in one IAM server and one STS
 * server joined by a CredentialRegistry (as test/sandbox/sts/fixture.ts joins them). Also what the
 * seeded accounts should report, worked out from the seeds themselves rather than from the bot.
 */
import {
  CredentialRegistry,
  IamState,
  seedLargeAccount,
  startIamServer,
  type IamServer,
} from '../sandbox/iam';
import { startStsServer, type StsServer } from '../sandbox/sts';
import { Organization, startOrganizationsServer, type OrganizationsServer } from '../sandbox/organizations';
import { classify } from '../src/features/reports/domain/classify';
import type { KeyFacts } from '../src/kernel/key-facts/key-facts';
import type { StaleThresholds } from '../src/features/reports/domain/thresholds';
import type { IamUserName } from '../src/kernel/types';

export const ORG_HOME_ACCOUNT = '123456789012';
/** The bot's own long-term key (bot-process.ts passes it as AWS_ACCESS_KEY_ID), in the home account. */
export const ORG_BOT_KEY = 'AKIDBENCH';

export interface OrgAccount {
  name: string;
  id: string;
  /** Absent for the home account, reached with the bot's own key. */
  roleArn?: string;
  state: IamState;
}

export interface OrgOptions {
  accounts: number;
  users: number;
  keysPerUser: number;
  /** Every account a role account, none the bot's own. */
  allRoles: boolean;
  latencyMs: number;
  ratePerSecond: number;
  reportMs: number;
  /** AssumeRole a second the STS stand-in answers before Throttling; undefined: no limit. */
  stsRatePerSecond?: number;
  /** Credential reports generating at once across IAM before LimitExceeded; undefined: no bound. */
  reportCapacity?: number;
}

export interface Org {
  accounts: OrgAccount[];
  iam: IamServer;
  sts: StsServer;
  /** Lists the role accounts, as AWS Organizations does: the bot discovers them (issue 22). */
  organizations: OrganizationsServer;
  /** The policy's `organization:` block, and the bot's own account in `accounts:` where there is one. */
  policyYaml: string;
  close(): Promise<void>;
}

function roleAccountId(index: number): string {
  return `100000000${String(index).padStart(3, '0')}`;
}

export async function startOrg(options: OrgOptions): Promise<Org> {
  const keys = Math.round(options.users * options.keysPerUser);
  const accounts: OrgAccount[] = [];
  for (let i = 0; i < options.accounts; i++) {
    const home = i === 0 && !options.allRoles;
    const id = home ? ORG_HOME_ACCOUNT : roleAccountId(i + 1);
    // The stand-in's own clock (real time): the call log's arrival times are then real times too.
    const state = new IamState({ accountId: id });
    seedLargeAccount(state, { users: options.users, keys, seed: 42 + i });
    accounts.push({
      name: home ? 'home' : `acct-${String(i + 1).padStart(3, '0')}`,
      id,
      ...(home ? {} : { roleArn: `arn:aws:iam::${id}:role/keywarden` }),
      state,
    });
  }
  const registry = new CredentialRegistry({ base: { [ORG_BOT_KEY]: ORG_HOME_ACCOUNT } });
  // With every account a role account, the bot's key still lives somewhere: an account of its own.
  const homeState = accounts.find((account) => account.id === ORG_HOME_ACCOUNT)?.state;
  const iam = await startIamServer({
    state: homeState ?? new IamState({ accountId: ORG_HOME_ACCOUNT }),
    accounts: Object.fromEntries(accounts.map((account) => [account.id, account.state])),
    credentials: registry,
    latencyMs: options.latencyMs,
  });
  iam.setReportGenerationMs(options.reportMs);
  iam.setRateLimit(options.ratePerSecond);
  iam.setReportGenerationCapacity(options.reportCapacity);
  const sts = await startStsServer({
    credentials: registry,
    roles: Object.fromEntries(
      accounts.flatMap((account) =>
        account.roleArn ? [[account.roleArn, { trusts: [ORG_HOME_ACCOUNT] }]] : [],
      ),
    ),
    accountOfKey: iam.accountOfKey,
    latencyMs: options.latencyMs,
    ...(options.stsRatePerSecond !== undefined ? { assumeRolePerSecond: options.stsRatePerSecond } : {}),
  });
  // The role accounts are not named in the policy: the bot finds them by listing the organization,
  // as at a customer's (`organization.roleName`); only the bot's own account is listed by hand.
  const organizations = await startOrganizationsServer({
    org: new Organization({
      accounts: accounts.flatMap((account) =>
        account.roleArn ? [{ id: account.id, name: account.name, parentId: 'r-root' }] : [],
      ),
    }),
    pageSize: 20,
  });
  const own = accounts.filter((account) => !account.roleArn);
  const policyYaml = [
    'organization:',
    '  roleName: keywarden',
    ...(own.length > 0 ? ['accounts:', ...own.map((account) => `  - name: ${account.name}`)] : []),
  ].join('\n');
  return {
    accounts,
    iam,
    sts,
    organizations,
    policyYaml,
    close: async () => {
      await organizations.close();
      await sts.close();
      await iam.close();
    },
  };
}

/** The stale keys each account holds by the seeds, classified by the domain's own rule at `now`. */
export function expectedStale(account: OrgAccount, thresholds: StaleThresholds, now: Date): number {
  const facts: KeyFacts[] = account.state.userNames().flatMap((userName) =>
    account.state.keysOf(userName).map((key) => ({
      // Seeded names are valid IAM user names by construction.
      owner: userName as IamUserName,
      status: key.status,
      createdAt: key.createDate,
      lastUse: key.lastUsed ? { at: key.lastUsed.date } : {},
    })),
  );
  return classify(facts, { thresholds, exempt: new Set(), now }).length;
}

/** Keys seeded in an account. */
export function keyCount(account: OrgAccount): number {
  return account.state.userNames().reduce((sum, userName) => sum + account.state.keysOf(userName).length, 0);
}
