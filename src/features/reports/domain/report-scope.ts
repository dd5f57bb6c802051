import type { Account } from '../../../kernel/accounts';
import { mostSpecificOu } from '../../../kernel/ou-policy';

/**
 * Which accounts a report covers: every account (undefined), those named (a `reports` entry's
 * `accounts`), or those under an OU of a `policies` entry, where an account under several OUs with
 * reports belongs to the most specific one only.
 */
export type ReportScope = readonly string[] | { ou: string; reportOus: readonly string[] } | undefined;

export function inReportScope(account: Account, scope: ReportScope): boolean {
  if (scope === undefined) return true;
  if ('ou' in scope) {
    const owner = mostSpecificOu(account, new Map(scope.reportOus.map((ou) => [ou, ou])));
    return owner?.ou === scope.ou;
  }
  return scope.includes(account.name);
}
