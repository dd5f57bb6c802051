import type { AuditEvent } from '../../keys/ports/audit-log';
import { code, formatDateTime } from './format';
import { escapeMrkdwn, header, section, type Reply } from './primitives';

const OUTCOME_MARKS: Record<AuditEvent['outcome'], string> = {
  ok: ':white_check_mark:',
  refused: ':no_entry:',
  failed: ':x:',
};

function line(event: AuditEvent): string {
  const who = event.actor === 'system' ? '_keywarden_' : `<@${event.actor}>`;
  const what = [event.keyId ? code(event.keyId) : '', event.owner ? `of ${code(event.owner)}` : '']
    .filter(Boolean)
    .join(' ');
  const detail = event.detail ? ` (${escapeMrkdwn(event.detail.slice(0, 120))})` : '';
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
