import type { ApprovalOutcome, Decider } from '../domain/approval';
import { asSlackUserId } from '../../../kernel/types';
import { code } from '../../../platform/slack/blocks/format';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';

/** Work nobody clicked (the sweep, a withdrawal) is done by the bot itself. */
export const SYSTEM_NAME = 'Keywarden';

/**
 * A stored person as a live mention. The store is not a trusted source of markup (an item can be
 * written past the bot), so only a well-formed user id becomes a mention; anything else is shown as code.
 */
export function mention(who: Decider | string): string {
  if (who === 'system') return SYSTEM_NAME;
  const user = asSlackUserId(who);
  return user ? `<@${user}>` : code(who);
}

/** "<@A>", "<@A> and <@B>", "<@A>, <@B> and <@C>". */
function mentions(who: readonly string[]): string {
  const named = who.map(mention);
  return named.length <= 1 ? (named[0] ?? '') : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

/**
 * How a request ended, in mrkdwn: people as mentions, every stored word escaped. `approvers`: everyone
 * whose approval counted, so a 2-of-2 deletion names both (the outcome itself records the last).
 */
export function outcomeText(outcome: ApprovalOutcome, approvers: readonly string[] = []): string {
  const detail = outcome.detail ? inlineUserText(outcome.detail) : undefined;
  const by = mention(outcome.by);
  const decided = approvers.length > 0 ? mentions(approvers) : by;
  switch (outcome.kind) {
    case 'deleted':
      return `deleted on the decision of ${decided}`;
    case 'already-gone':
      return `the key was already gone (decision of ${decided})`;
    case 'deletion-failed':
      return `deletion failed: ${detail ?? 'unknown error'}`;
    case 'two-person-rule-violated':
      return `not deleted: the stored approvals do not satisfy the two-person rule (${detail ?? 'unknown'})`;
    case 'account-not-managed':
      return `not carried out: the account ${detail ?? 'of the key'} is no longer managed by Keywarden, so nothing was done there or in any other account`;
    case 'deferred':
      return outcome.detail === 'ACCOUNT_UNAVAILABLE'
        ? "the account's role could not be assumed; the deletion will be retried automatically"
        : 'IAM did not answer; the deletion will be retried automatically';
    case 'rejected':
      return detail ? `rejected by ${by}: ${detail}` : `rejected by ${by}`;
    case 'withdrawn':
      return outcome.by === 'system'
        ? `withdrawn: ${detail ?? 'the approval message could not be posted'}`
        : `withdrawn by ${by}`;
    case 'expired':
      return 'expired without enough approvals';
    default:
      return detail ?? inlineUserText(String(outcome.kind));
  }
}
