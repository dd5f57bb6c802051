import { uniqueAccountNames } from '../../../kernel/account-names';
import type { DiscoveredAccount } from '../../../kernel/ports/organization';
import { accountIdOf, type AccountSettings } from '../iam-accounts';

/** The policy's `organization:` block, as discovery uses it. */
export interface OrganizationSettings {
  roleName: string;
  externalId?: string;
  include?: readonly string[];
  exclude?: readonly string[];
}

/** The accounts to manage after one listing of the organization. */
export interface ManagedSet {
  /** The listed accounts first (the first is the default), then the discovered ones in the organization's order. */
  settings: AccountSettings[];
  /** Suspended, closed or closing accounts in scope: not managed, and said so in `/keys accounts`. */
  dropped: DiscoveredAccount[];
}

/**
 * The managed set from the policy's listed accounts and the organization as listed: ACTIVE accounts in
 * scope (under an `include` OU, when given; not in `exclude`) are managed through
 * arn:aws:iam::<id>:role/<roleName> with organization.externalId; an account the policy lists with the
 * same id stays as listed (its name, role and approvals), placed in the organization's OUs.
 */
export function composeManagedSet(
  listed: readonly AccountSettings[],
  organization: readonly DiscoveredAccount[],
  settings: OrganizationSettings,
): ManagedSet {
  const excluded = new Set(settings.exclude ?? []);
  const inScope = organization.filter(
    (account) =>
      !excluded.has(account.id) &&
      (settings.include === undefined ||
        account.path.some((unit) => (settings.include as readonly string[]).includes(unit.id))),
  );
  const idOf = (account: AccountSettings) =>
    account.id ?? (account.roleArn ? accountIdOf(account.roleArn) : undefined);
  const listedIds = new Set(listed.map(idOf).filter((id) => id !== undefined));
  const found = new Map(inScope.map((account) => [account.id, account]));
  const placed = listed.map((account) => {
    const id = idOf(account);
    const discovered = id ? found.get(id) : undefined;
    return discovered ? { ...account, ous: discovered.path.map((unit) => unit.id) } : account;
  });
  const active = inScope.filter((account) => account.state === 'ACTIVE' && !listedIds.has(account.id));
  const names = uniqueAccountNames(active, new Set(listed.map((account) => account.name)));
  return {
    settings: [
      ...placed,
      ...active.map((account) => ({
        name: names.get(account.id) as string,
        id: account.id,
        roleArn: `arn:aws:iam::${account.id}:role/${settings.roleName}`,
        ...(settings.externalId ? { externalId: settings.externalId } : {}),
        ous: account.path.map((unit) => unit.id),
      })),
    ],
    dropped: inScope.filter((account) => account.state !== 'ACTIVE' && !listedIds.has(account.id)),
  };
}
