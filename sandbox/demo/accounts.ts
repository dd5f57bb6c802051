import { ACCOUNT_ID, type IamState } from '../iam';
import type { StsRole } from '../sts';
import { seedDemoAccount } from './account';
import { seedProdAccount } from './prod-account';

/** One AWS account of the demo, as sandbox/keywarden.yml names it and the stand-ins hold it. */
export interface DemoAccount {
  name: string;
  id: string;
  /** Absent for the bot's own account; otherwise the role the bot assumes, trusted by the dev account. */
  role?: { arn: string; externalId: string };
  seed(state: IamState): void;
}

/** The bot's own account: the one the sandbox has always had, so files saved before accounts are dev's. */
export const DEV_ACCOUNT_ID = ACCOUNT_ID;
/** An id from AWS's documentation examples, never a real account. */
export const PROD_ACCOUNT_ID = '444455556666';
export const PROD_ROLE_ARN = `arn:aws:iam::${PROD_ACCOUNT_ID}:role/keywarden`;
export const PROD_EXTERNAL_ID = 'keywarden-sandbox-prod';

/** In the policy's order: the first is the default account. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { name: 'dev', id: DEV_ACCOUNT_ID, seed: seedDemoAccount },
  {
    name: 'prod',
    id: PROD_ACCOUNT_ID,
    role: { arn: PROD_ROLE_ARN, externalId: PROD_EXTERNAL_ID },
    seed: seedProdAccount,
  },
];

/** The STS stand-in's trust policies: each role account trusts the bot's own, and demands its ExternalId. */
export function demoRoles(accounts: readonly DemoAccount[] = DEMO_ACCOUNTS): Record<string, StsRole> {
  const home = accounts.find((account) => account.role === undefined);
  const roles: Record<string, StsRole> = {};
  for (const account of accounts) {
    if (!account.role) continue;
    roles[account.role.arn] = { externalId: account.role.externalId, trusts: home ? [home.id] : [] };
  }
  return roles;
}
