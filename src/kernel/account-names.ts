/** A policy account name: lower-case letters, digits and dashes, at most 32 (the policy's own rule). */
export const ACCOUNT_NAME = /^[a-z0-9-]{1,32}$/;
const MAX_NAME = 32;

/**
 * The managed name of an organization account: its name lower-cased, anything outside [a-z0-9-]
 * made `-`, cut to 32 characters (a name with nothing left is the account id).
 */
export function accountNameOf(organizationName: string, accountId: string): string {
  const name = organizationName
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, MAX_NAME);
  return /[a-z0-9]/.test(name) ? name : accountId;
}

/**
 * Names for discovered accounts, none of them one of `taken` (the names the policy lists) or each
 * other's: a name two accounts would share gets, on every account that has it, the last four digits
 * of the id appended (cut first so it stays within 32), so neither silently keeps the plain name
 * depending on the listing's order.
 */
export function uniqueAccountNames(
  accounts: ReadonlyArray<{ id: string; name: string }>,
  taken: ReadonlySet<string>,
): Map<string, string> {
  const wanted = accounts.map((account) => ({
    id: account.id,
    name: accountNameOf(account.name, account.id),
  }));
  const count = new Map<string, number>();
  for (const { name } of wanted) count.set(name, (count.get(name) ?? 0) + 1);
  const names = new Map<string, string>();
  for (const { id, name } of wanted) {
    const clashes = (count.get(name) ?? 0) > 1 || taken.has(name);
    names.set(id, clashes ? `${name.slice(0, MAX_NAME - 5)}-${id.slice(-4)}` : name);
  }
  return names;
}
