import type { AuditEvent } from '../../keys/ports/audit-log';
import { accountText, code, formatDateTime } from './format';
import { header, section, type Reply } from './primitives';
import { inlineUserText } from './user-text';

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

export function auditBlocks(events: AuditEvent[], about?: string): Reply {
  const title = about ? `Audit trail: ${about}` : 'Audit trail';
  if (events.length === 0)
    return { text: `${title}: nothing recorded yet.`, blocks: [section(`${title}: nothing recorded yet.`)] };
  // One section holds up to 3000 characters; 25 lines of this shape fit.
  return {
    text: `${title}: ${events.length} recent event(s).`,
    blocks: [header(title), section(events.map(line).join('\n'))],
  };
}
