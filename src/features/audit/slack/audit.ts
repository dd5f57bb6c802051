import type { AuditTrail } from '../domain/audit-queries';
import type { Page } from '../../../kernel/page';
import type { AuditEvent } from '../../../kernel/ports/audit-log';
import { encodeAuditPage } from '../../../platform/slack/page-button';
import { accountText, code, formatDateTime } from '../../../platform/slack/blocks/format';
import { lineSections } from '../../../platform/slack/blocks/line-sections';
import { pageButtons } from '../../../platform/slack/blocks/page-buttons';
import { context, header, section, type Reply } from '../../../platform/slack/blocks/primitives';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';

export const AUDIT_NEXT_ACTION = 'audit.next';
export const AUDIT_PREVIOUS_ACTION = 'audit.previous';

const OUTCOME_MARKS: Record<AuditEvent['outcome'], string> = {
  ok: ':white_check_mark:',
  refused: ':no_entry:',
  failed: ':x:',
};

function line(event: AuditEvent): string {
  const who = event.actor === 'system' ? '_keywarden_' : `<@${event.actor}>`;
  const what = [
    event.keyId ? code(event.keyId) : '',
    event.owner ? `of ${code(event.owner)}` : '',
    event.account ? `in ${accountText({ name: event.account })}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  // A detail may hold a requester's reason: one inert line, so no event can forge the next.
  const detail = event.detail ? ` (${inlineUserText(event.detail, 120)})` : '';
  return `${OUTCOME_MARKS[event.outcome]} ${formatDateTime(event.at)} ${who} *${event.action}* ${what}${detail}`;
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
