/**
 * An AWS account Keywarden manages, by the short name the policy gives it. The first in the policy
 * is the default: a bare USER means that account's user.
 */
export interface Account {
  name: string;
  /** Twelve digits: from the role ARN, or (the bot's own account) as STS reports it; unknown until then. */
  id?: string;
  /**
   * Where a discovered account sits in the organization: the root's id, then each OU down to the
   * account's own (ids). Absent for an account the policy lists and discovery did not find.
   */
  ous?: readonly string[];
  /**
   * The bot's own account (no role): its id is learned from STS when first needed, so records that
   * must outlive a rename are keyed by its name instead (reports' stableAccountId).
   */
  own?: boolean;
}

/** How an account is named to people: "prod (111111111111)". */
export function accountLabel(account: Account): string {
  return account.id ? `${account.name} (${account.id})` : account.name;
}
