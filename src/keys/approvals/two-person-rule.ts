import type { ApprovalRequest } from './approval';

export type RuleViolation =
  'no-required-count' | 'too-few-approvers' | 'self-approval' | 'approved-after-expiry';

/**
 * The two-person rule, re-derived from the stored request at the moment of deletion, since the
 * store is the one thing every replica trusts and an item can be written without passing through
 * a click: at least `required` (never fewer than one) distinct approvers, none of them the
 * requester, each approval given before the request expired. undefined: the rule holds.
 */
export function twoPersonViolation(request: ApprovalRequest): RuleViolation | undefined {
  if (!Number.isInteger(request.required) || request.required < 1) return 'no-required-count';
  if (request.approvals.some((approval) => approval.by === request.requestedBy)) return 'self-approval';
  if (request.approvals.some((approval) => !(approval.at.getTime() < request.expiresAt.getTime()))) {
    return 'approved-after-expiry';
  }
  const approvers = new Set(request.approvals.map((approval) => approval.by));
  if (approvers.size < request.required) return 'too-few-approvers';
  return undefined;
}
