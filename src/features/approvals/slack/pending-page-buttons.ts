import type { PendingRequests } from '../domain/pending-requests';
import type { Clock } from '../../../kernel/types';
import { pendingPageBlocks } from './pending-page';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import { BAD_PAGE_BUTTON } from '../../../platform/slack/blocks/texts';
import { decodeApprovalsPage, pageCursor } from '../../../platform/slack/page-button';
import { replacement } from '../../../platform/bolt/answer';
import type { ButtonListener } from '../../../platform/bolt/action-router';

/**
 * Next / Previous under `/keys approvals`: who sees which requests is the clicker's, on every page.
 * A page replaces the list; a refusal leaves it and answers apart.
 */
export function pendingPageButton(
  direction: 'next' | 'previous',
  pending: PendingRequests,
  clock: Clock,
): ButtonListener {
  return async function turnPendingPage({ actor, value, log }) {
    const decoded = decodeApprovalsPage(value);
    if (!decoded) {
      log.warn('a page button whose value Keywarden did not write');
      return plainReply(BAD_PAGE_BUTTON);
    }
    const outcome = await pending.page(await actor(), pageCursor(direction, decoded.at));
    if (!outcome.ok) return refusalReply(outcome.refusal);
    return replacement(pendingPageBlocks(outcome.value, clock.now()));
  };
}
