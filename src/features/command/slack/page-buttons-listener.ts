import type { Access } from '../../../platform/access/access';
import type { PendingRequests } from '../../approvals/domain/pending-requests';
import type { AuditQueries } from '../../audit/domain/audit-queries';
import type { PageCursor, PagePosition } from '../../../kernel/page';
import type { Clock } from '../../../kernel/types';
import type { Logger } from '../../../platform/logger';
import { auditPageBlocks } from '../../audit/slack/audit';
import { pendingPageBlocks } from '../../approvals/slack/pending-page';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import { BAD_PAGE_BUTTON } from '../../../platform/slack/blocks/texts';
import { decodeApprovalsPage, decodeAuditPage } from '../../../platform/slack/page-button';
import { replacement } from '../../../platform/bolt/answer';
import { buttonAction } from '../../../platform/bolt/button-action';

export interface PagingActionDeps {
  access: Access;
  auditQueries: AuditQueries;
  pendingRequests: PendingRequests;
  clock: Clock;
  log: Logger;
}

type Direction = 'next' | 'previous';

function cursor(direction: Direction, at: PagePosition): PageCursor {
  return direction === 'next' ? { after: at } : { before: at };
}

/**
 * Next / Previous under a `/keys audit` page: the query comes from the button, the right to read it
 * from the clicker, checked again by the service. A page replaces the list; a refusal leaves it and
 * answers apart.
 */
export function auditPageAction(direction: Direction, deps: PagingActionDeps) {
  return buttonAction(`audit.${direction}`, deps, async ({ actor, value, log }) => {
    const decoded = decodeAuditPage(value);
    if (!decoded) {
      log.warn('a page button whose value Keywarden did not write');
      return plainReply(BAD_PAGE_BUTTON);
    }
    const outcome = await deps.auditQueries.page(actor, decoded.query, cursor(direction, decoded.at));
    if (!outcome.ok) return refusalReply(outcome.refusal);
    return replacement(auditPageBlocks(outcome.value, decoded.query));
  });
}

/** Next / Previous under `/keys approvals`: who sees which requests is the clicker's, on every page. */
export function approvalsPageAction(direction: Direction, deps: PagingActionDeps) {
  return buttonAction(`approvals.${direction}`, deps, async ({ actor, value, log }) => {
    const decoded = decodeApprovalsPage(value);
    if (!decoded) {
      log.warn('a page button whose value Keywarden did not write');
      return plainReply(BAD_PAGE_BUTTON);
    }
    const outcome = await deps.pendingRequests.page(actor, cursor(direction, decoded.at));
    if (!outcome.ok) return refusalReply(outcome.refusal);
    return replacement(pendingPageBlocks(outcome.value, deps.clock.now()));
  });
}
