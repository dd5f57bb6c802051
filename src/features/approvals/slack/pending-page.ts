import type { PendingPage } from '../domain/pending-requests';
import { encodeApprovalsPage } from '../../../platform/slack/page-button';
import { pendingLine } from './approval-request';
import { lineSections } from '../../../platform/slack/blocks/line-sections';
import { pageButtons } from '../../../platform/slack/blocks/page-buttons';
import { context, header, section, type Reply } from '../../../platform/slack/blocks/primitives';

export const APPROVALS_NEXT_ACTION = 'approvals.next';
export const APPROVALS_PREVIOUS_ACTION = 'approvals.previous';
export const NO_PENDING_REQUESTS = 'No pending deletion requests.';
/** Said to someone who sees only their own requests: "none at all" would not be theirs to say. */
export const NO_PENDING_REQUESTS_OF_YOURS =
  'You have no pending deletion requests. Approvers and admins see everyone’s requests here.';

/** One page of `/keys approvals`, oldest first, with Previous / Next where the list goes on. */
export function pendingPageBlocks(page: PendingPage, now: Date): Reply {
  if (page.items.length === 0) {
    const none = page.everyone ? NO_PENDING_REQUESTS : NO_PENDING_REQUESTS_OF_YOURS;
    return { text: none, blocks: [section(none)] };
  }
  const whose = page.everyone ? '' : 'Your ';
  const count = `${page.items.length} pending deletion request(s)`;
  return {
    text: `${count}${page.next ? ', and more on the next page' : ''}.`,
    blocks: [
      header(`${whose}${whose ? 'pending' : 'Pending'} deletion requests`),
      ...lineSections(page.items.map((request) => pendingLine(request, now))),
      context(`${count}, oldest first.`),
      ...pageButtons(page, {
        previousAction: APPROVALS_PREVIOUS_ACTION,
        nextAction: APPROVALS_NEXT_ACTION,
        value: encodeApprovalsPage,
        blockId: 'approvals:pages',
      }),
    ],
  };
}
