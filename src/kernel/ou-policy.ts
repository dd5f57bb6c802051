import type { Account } from './accounts';

/**
 * The entry of `byOu` for the most specific OU the account sits in (its own OU first, then each one
 * above it, the root last); undefined for an account under none of them, or not discovered at all.
 */
export function mostSpecificOu<T>(
  account: Pick<Account, 'ous'>,
  byOu: ReadonlyMap<string, T>,
): { ou: string; entry: T } | undefined {
  const path = account.ous ?? [];
  for (let at = path.length - 1; at >= 0; at--) {
    const ou = path[at] as string;
    const entry = byOu.get(ou);
    if (entry !== undefined) return { ou, entry };
  }
  return undefined;
}
