import type { Account } from '../../../kernel/accounts';
import { mostSpecificOu } from '../../../kernel/ou-policy';

export interface ApprovalPolicy {
  channel: string;
  required: number;
  expiresAfterHours: number;
  /**
   * A deletion needs a reason, and it must match `pattern` (e.g. start with a ticket id); `hint` is
   * the rule in words (the policy's, or an example the config wrote from the pattern).
   */
  reason?: { required: boolean; pattern?: string; hint?: string };
  /** A pending request is re-announced once per this many hours. */
  remindAfterHours?: number;
  /** The global approvers (user and user-group ids): `roles.approvers`. */
  approvers?: readonly string[];
  /** Per account, by its policy name: `required` and `approvers` replace the global ones for its keys. */
  accounts?: Record<string, { required?: number; approvers?: readonly string[] }>;
  /** Per OU id (`policies[].approvals`): for the accounts under it, the most specific OU winning. */
  ous?: Record<string, { required?: number; approvers?: readonly string[] }>;
}

/** What the policy asks of a deletion in one account: how many approvers, and who may approve. */
export interface AccountRule {
  required: number;
  /** User and user-group ids. */
  approvers: readonly string[];
  /** Whether the account names its own approvers (then the global ones do not count for it). */
  ownApprovers: boolean;
}

/**
 * The rule for keys of `account` under the policy in force. Read at each decision and again before
 * a deletion, never taken from a stored request: an item in the table is not the policy.
 */
export function ruleFor(policy: ApprovalPolicy, account: Pick<Account, 'name' | 'ous'>): AccountRule {
  const own = policy.accounts?.[account.name];
  // Each field from the most specific place that sets it: the account, its OUs (deepest first), the policy.
  const fromOus = <K extends 'required' | 'approvers'>(field: K) =>
    mostSpecificOu(
      account,
      new Map(Object.entries(policy.ous ?? {}).filter(([, rule]) => rule[field] !== undefined)),
    )?.entry[field];
  const approvers = own?.approvers ?? fromOus('approvers');
  return {
    required: own?.required ?? fromOus('required') ?? policy.required,
    approvers: approvers ?? policy.approvers ?? [],
    ownApprovers: approvers !== undefined,
  };
}
