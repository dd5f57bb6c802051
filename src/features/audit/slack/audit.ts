import type { AuditTrail } from '../domain/audit-queries';
import type { Page } from '../../../kernel/page';
import type { AuditEvent } from '../../../kernel/ports/audit-log';
import { encodeAuditPage } from '../../../platform/slack/page-button';
import { lineSections } from '../../../platform/slack/blocks/line-sections';
import { pageButtons } from '../../../platform/slack/blocks/page-buttons';
import { context, header, section, type Reply } from '../../../platform/slack/blocks/primitives';
import { auditSentence } from './audit-sentence';

export const AUDIT_NEXT_ACTION = 'audit.next';
export const AUDIT_PREVIOUS_ACTION = 'audit.previous';

const OUTCOME_MARKS: Record<AuditEvent['outcome'], string> = {
  ok: ':white_check_mark:',
  refused: ':no_entry:',
  failed: ':x:',
};

/** A mark to scan by, then the event as a sentence a person reads. */
function line(event: AuditEvent): string {
  return `${OUTCOME_MARKS[event.outcome]} ${auditSentence(event)}`;
}

/** The title names the trail: `Audit trail: alice@prod`, `Audit trail: AKIA...`, or just `Audit trail`. */
export function auditTitle(trail: AuditTrail): string {
  if ('all' in trail) return 'Audit trail';
  if ('keyId' in trail) return `Audit trail: ${trail.keyId}`;
  return `Audit trail: ${trail.owner}${trail.account ? `@${trail.account}` : ''}`;
}

export function nothingRecordedText(trail: AuditTrail): string {
  return `${auditTitle(trail)}: nothing recorded yet.`;
}

/** One page of a trail, newest first, with Previous / Next where the trail goes on. */
export function auditPageBlocks(page: Page<AuditEvent>, trail: AuditTrail): Reply {
  const title = auditTitle(trail);
  if (page.items.length === 0) {
    const empty = nothingRecordedText(trail);
    return { text: empty, blocks: [section(empty)] };
  }
  const buttons = pageButtons(page, {
    previousAction: AUDIT_PREVIOUS_ACTION,
    nextAction: AUDIT_NEXT_ACTION,
    value: (at) => encodeAuditPage(trail, at),
    blockId: 'audit:pages',
  });
  // 25 lines in at most 25 sections, with the header, context and buttons: within 50 blocks.
  return {
    text: `${title}: ${page.items.length} event(s).`,
    blocks: [
      header(title),
      ...lineSections(page.items.map(line)),
      context(`${page.items.length} event(s), newest first.`),
      ...buttons,
    ],
  };
}
