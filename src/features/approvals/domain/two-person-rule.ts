import type { People } from '../../../kernel/ports/people';
import type { SlackUserId } from '../../../kernel/types';
import type { ApprovalRequest } from './approval';
import type { AccountRule } from './approval-policy';

export type RuleViolation =
  | 'no-required-count'
  | 'too-few-approvers'
  | 'self-approval'
  | 'approved-after-expiry'
  /** A recorded approver who, under the policy in force, may not approve keys of this account. */
  | 'not-an-approver'
  /** Slack could not say whether a recorded approver holds the right: refused, never passed. */
  | 'approver-unconfirmed';

export interface Violation {
  rule: RuleViolation;
  /** The recorded approver it concerns, where it concerns one. */
  approver?: SlackUserId;
}

/** How a violation is written in an outcome's detail and the audit trail, for reviews to search on. */
export function violationDetail(violation: Violation): string {
  return violation.approver ? `${violation.rule}: ${violation.approver}` : violation.rule;
}

/**
 * The two-person rule at the moment of deletion. The request's item says who approved and when;
 * nothing else in it is believed. How many approvers are needed and who may approve come from the
 * policy in force for the key's account (`rule`), and each recorded approver's right is asked of
 * Slack again now: an item can be written past the bot, with `required: 1` and an "approval" by
 * anyone. At least `rule.required` (never fewer than one) distinct approvers, none of them the
 * requester, each before the request expired, each holding the right. undefined: the rule holds.
 */
export async function twoPersonViolation(
  request: ApprovalRequest,
  rule: Pick<AccountRule, 'required' | 'approvers'>,
  people: Pick<People, 'membership'> | undefined,
): Promise<Violation | undefined> {
  if (!Number.isInteger(rule.required) || rule.required < 1) return { rule: 'no-required-count' };
  if (request.approvals.some((approval) => approval.by === request.requestedBy)) {
    return { rule: 'self-approval', approver: request.requestedBy };
  }
  const late = request.approvals.find((approval) => !(approval.at.getTime() < request.expiresAt.getTime()));
  if (late) return { rule: 'approved-after-expiry', approver: late.by };
  const approvers = [...new Set(request.approvals.map((approval) => approval.by))];
  if (approvers.length < rule.required) return { rule: 'too-few-approvers' };
  for (const approver of approvers) {
    const right = await approverRight(people, rule.approvers, approver);
    if (right !== 'member') {
      return { rule: right === 'unconfirmed' ? 'approver-unconfirmed' : 'not-an-approver', approver };
    }
  }
  return undefined;
}

/** Deny by default: without a way to ask, nobody holds the right; a lookup that throws is unconfirmed. */
async function approverRight(
  people: Pick<People, 'membership'> | undefined,
  approvers: readonly string[],
  approver: SlackUserId,
) {
  if (!people) return 'not-member';
  try {
    return await people.membership(approver, approvers);
  } catch {
    return 'unconfirmed';
  }
}
