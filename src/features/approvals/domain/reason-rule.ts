import type { ApprovalPolicy } from './approval-policy';
import type { Refusal } from './refusals';

/**
 * The policy's rule for reasons, checked before anything else is done: nothing is posted.
 * `generated`: the reason is Keywarden's own (a button's), not the person's words; where the policy
 * wants a reason matching a pattern (a ticket id), such a request is refused.
 */
export function checkReason(
  policy: ApprovalPolicy,
  reason: string | undefined,
  generated = false,
): Refusal | undefined {
  const rule = policy.reason;
  if (!rule) return undefined;
  if (!reason) {
    const needed = rule.required || (generated && rule.pattern !== undefined);
    return needed ? withHint({ reason: 'reason-required' }, rule.hint) : undefined;
  }
  if (rule.pattern && !new RegExp(rule.pattern).test(reason)) {
    return withHint({ reason: 'reason-mismatch' }, rule.hint);
  }
  return undefined;
}

function withHint<R extends Refusal>(refusal: R, hint: string | undefined): R {
  return hint === undefined ? refusal : { ...refusal, hint };
}
