import type { ApprovalRequest } from '../domain/approval';
import type { Page } from '../../../kernel/page';
import { encodeApprovalsPage } from '../../../platform/slack/page-button';
import { pendingLine } from './approval-request';
import { lineSections } from '../../../platform/slack/blocks/line-sections';
import { pageButtons } from '../../../platform/slack/blocks/page-buttons';
import { context, header, section, type Reply } from '../../../platform/slack/blocks/primitives';

export const APPROVALS_NEXT_ACTION = 'approvals.next';
export const APPROVALS_PREVIOUS_ACTION = 'approvals.previous';
export const NO_PENDING_REQUESTS = 'No pending deletion requests.';

/** One page of `/keys approvals`, oldest first, with Previous / Next where the list goes on. */
export function pendingPageBlocks(page: Page<ApprovalRequest>, now: Date): Reply {
  if (page.items.length === 0) return { text: NO_PENDING_REQUESTS, blocks: [section(NO_PENDING_REQUESTS)] };
  const count = `${page.items.length} pending deletion request(s)`;
  return {
    text: `${count}${page.next ? ', and more on the next page' : ''}.`,
    blocks: [
      header('Pending deletion requests'),
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
