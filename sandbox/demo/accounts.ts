import { ACCOUNT_ID, type IamState } from '../iam';
import type { StsRole } from '../sts';
import { seedDemoAccount } from './account';
import { seedProdAccount } from './prod-account';

/** One AWS account of the demo, as sandbox/keywarden.yml names it and the stand-ins hold it. */
export interface DemoAccount {
  name: string;
  id: string;
  /** The bot's own account: its credentials' account, which every role trusts. */
  own?: true;
  /**
   * The role the bot assumes there, trusted by the bot's own account. The bot's own account has one
   * too (the recommended setup: infra/keywarden-home-role.cfn.yml), so CloudTrail names the person
   * there as well; an account without one would be reached with the bot's own credentials.
   */
  role?: { arn: string; externalId?: string };
  seed(state: IamState): void;
}

/** The bot's own account: the one the sandbox has always had, so files saved before accounts are dev's. */
export const DEV_ACCOUNT_ID = ACCOUNT_ID;
/** An id from AWS's documentation examples, never a real account. */
export const PROD_ACCOUNT_ID = '444455556666';
export const PROD_ROLE_ARN = `arn:aws:iam::${PROD_ACCOUNT_ID}:role/keywarden`;
export const PROD_EXTERNAL_ID = 'keywarden-sandbox-prod';
/** The role in the bot's own account (no ExternalId: no other tenant can name it). */
export const DEV_ROLE_ARN = `arn:aws:iam::${DEV_ACCOUNT_ID}:role/keywarden-home`;

/** In the policy's order: the first is the default account. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { name: 'dev', id: DEV_ACCOUNT_ID, own: true, role: { arn: DEV_ROLE_ARN }, seed: seedDemoAccount },
  {
    name: 'prod',
    id: PROD_ACCOUNT_ID,
    role: { arn: PROD_ROLE_ARN, externalId: PROD_EXTERNAL_ID },
    seed: seedProdAccount,
  },
];

/** The bot's own account: the one marked so, or (in a list without a mark) the one without a role. */
export function ownAccount(accounts: readonly DemoAccount[] = DEMO_ACCOUNTS): DemoAccount | undefined {
  return accounts.find((account) => account.own) ?? accounts.find((account) => account.role === undefined);
}

/** The STS stand-in's trust policies: each role trusts the bot's own account, and demands its ExternalId. */
export function demoRoles(accounts: readonly DemoAccount[] = DEMO_ACCOUNTS): Record<string, StsRole> {
  const home = ownAccount(accounts);
  const roles: Record<string, StsRole> = {};
  for (const account of accounts) {
    if (!account.role) continue;
    roles[account.role.arn] = {
      ...(account.role.externalId !== undefined ? { externalId: account.role.externalId } : {}),
      trusts: home ? [home.id] : [],
    };
  }
  return roles;
}
