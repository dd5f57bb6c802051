import type { AuditQueries } from '../domain/audit-queries';
import { auditPageBlocks } from './audit';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import { BAD_PAGE_BUTTON } from '../../../platform/slack/blocks/texts';
import { decodeAuditPage, pageCursor } from '../../../platform/slack/page-button';
import { replacement } from '../../../platform/bolt/answer';
import type { ButtonListener } from '../../../platform/bolt/action-router';

/**
 * Next / Previous under a `/keys audit` page: the query comes from the button, the right to read it
 * from the clicker, checked again by the service. A page replaces the list; a refusal leaves it and
 * answers apart.
 */
export function auditPageButton(direction: 'next' | 'previous', queries: AuditQueries): ButtonListener {
  return async function turnAuditPage({ actor, value, log }) {
    const decoded = decodeAuditPage(value);
    if (!decoded) {
      log.warn('a page button whose value Keywarden did not write');
      return plainReply(BAD_PAGE_BUTTON);
    }
    const outcome = await queries.page(await actor(), decoded.query, pageCursor(direction, decoded.at));
    if (!outcome.ok) return refusalReply(outcome.refusal);
    return replacement(auditPageBlocks(outcome.value, decoded.query));
  };
}
