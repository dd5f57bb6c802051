import type { AuditAction, AuditEvent } from '../../../kernel/ports/audit-log';
import { accountText, code } from '../../../platform/slack/blocks/format';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';
import { auditWhen, detailWords } from './audit-detail-words';

/**
 * An audit event as a sentence a person reads ("@alice listed bob's keys in prod: refused, not
 * theirs"), never the stored codes. Only the words change: the stored item and the stream keep them.
 */
export function auditSentence(event: AuditEvent): string {
  const who = event.actor === 'system' ? 'Keywarden' : `<@${event.actor}>`;
  const done =
    event.action === 'report' ? reportPhrase(event) : { phrase: phrase(event), detail: event.detail };
  const outcome = outcomeWords(event, done.detail);
  return `${auditWhen(event.at)} · ${who} ${done.phrase}${outcome}.`;
}

const MAX_DETAIL = 160;

/** What the detail adds: a person's own reason quoted as they wrote it; Keywarden's notes in words. */
function outcomeWords(event: AuditEvent, detail: string | undefined): string {
  const why = detail ? explained(event, detail) : '';
  if (event.outcome === 'refused') return `: refused, ${why || 'no reason recorded'}`;
  if (event.outcome === 'failed') return `: failed, ${why || 'no reason recorded'}`;
  return why ? ` (${why})` : '';
}

/** Actions whose detail, when they succeeded, is the reason a person typed: shown, never reworded. */
const REASON_ACTIONS: ReadonlySet<AuditAction> = new Set(['request-deletion', 'reject']);

/** Reads only admins may make, whoever they are about: "not theirs" would not say why. */
const ADMIN_ACTIONS: ReadonlySet<AuditAction> = new Set(['audit', 'export']);

function explained(event: AuditEvent, detail: string): string {
  if (detail === 'not-allowed') return notAllowedWords(event);
  if (event.outcome === 'ok' && REASON_ACTIONS.has(event.action))
    return `reason: “${inlineUserText(detail, MAX_DETAIL)}”`;
  if (event.action === 'snooze' && event.outcome === 'ok') return snoozeWords(detail);
  return detailWords(detail, MAX_DETAIL);
}

function notAllowedWords(event: AuditEvent): string {
  if (ADMIN_ACTIONS.has(event.action)) return 'admins only';
  if (event.owner || event.keyId) return 'not theirs';
  // A whole report (no key named) is an admin's to run.
  return event.action === 'report' ? 'admins only' : 'not permitted';
}

function snoozeWords(detail: string): string {
  const match = /^key created (\S+) snoozed (\d+) days until (\S+): (.*)$/s.exec(detail);
  if (!match) return detailWords(detail, MAX_DETAIL);
  const [, created = '', days = '', until = '', reason = ''] = match;
  const date = (iso: string) => {
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? inlineUserText(iso, 40) : auditWhen(at, { time: false });
  };
  return `the key created ${date(created)}, for ${days} days until ${date(until)}; reason: “${inlineUserText(reason, MAX_DETAIL)}”`;
}

/** "key `AKIA…` of bob in prod", "bob's keys", "a key"... the thing an event is about. */
function keyOf(event: AuditEvent): string {
  if (event.keyId) return `key ${code(event.keyId)}${event.owner ? ` of ${code(event.owner)}` : ''}`;
  if (event.owner) return `a key of ${code(event.owner)}`;
  return 'a key';
}

function where(event: AuditEvent): string {
  // `default` is the only account of a policy without `accounts`: naming it would say nothing.
  return event.account && event.account !== 'default' ? ` in ${accountText({ name: event.account })}` : '';
}

function phrase(event: AuditEvent): string {
  const key = `${keyOf(event)}${where(event)}`;
  const owner = event.owner ? code(event.owner) : 'someone';
  switch (event.action) {
    case 'create':
      if (event.keyId) return `created ${key}`;
      return event.owner ? `created a key for ${owner}${where(event)}` : 'asked to create a key';
    case 'deliver':
      return `delivered the secret of ${key}`;
    case 'rollback':
      return `rolled back ${key}`;
    case 'invite':
      return `asked the owner of ${owner}${where(event)} to create their key`;
    case 'activate':
      return `activated ${key}`;
    case 'deactivate':
      return `deactivated ${key}`;
    case 'request-deletion':
      return `requested the deletion of ${key}`;
    case 'approve':
      return `approved the deletion of ${key}`;
    case 'reject':
      return `rejected the deletion of ${key}`;
    case 'withdraw':
      return `withdrew the deletion request for ${key}`;
    case 'remind':
      // A report line's Nudge owner is recorded as a reminder too: to the key's owner, not approvers.
      return event.detail?.startsWith('nudge owner')
        ? `nudged the owner of ${key}`
        : `reminded the approvers of the deletion request for ${key}`;
    case 'expire':
      return `closed the expired deletion request for ${key}`;
    case 'delete':
      return `deleted ${key}`;
    case 'rotate':
      if (event.keyId) return `rotated ${key}`;
      return event.owner ? `rotated the key of ${owner}${where(event)}` : 'asked to rotate a key';
    case 'export':
      return 'exported the audit trail';
    case 'snooze':
      return `snoozed ${key} in the stale report`;
    case 'exposure':
      return `responded to the exposure of ${key}`;
    case 'activity':
      return `read the CloudTrail activity of ${key}`;
    case 'list':
      return `listed ${event.owner ? `${owner}'s` : 'the'} keys${where(event)}`;
    case 'last-used':
      return `asked when ${key} was last used`;
    case 'audit':
      return event.owner || event.keyId ? `read the audit trail of ${key}` : 'read the audit trail';
    case 'report':
      return 'ran a stale report';
    case 'accounts':
      return event.detail?.startsWith('list')
        ? 'listed the managed accounts'
        : "refreshed the organization's accounts";
  }
}

const REPORT_VERBS: Record<string, string> = {
  deactivate: 'Deactivate',
  'request-deletion': 'Request deletion',
  rotate: 'Rotate',
};

/**
 * A report event's detail starts with what it was about: "stale report to C0SECOPS: …" (a run),
 * "stale report: …" (/keys stale), "run now: …", "0.C0SECOPS: …" (owners' nudges of a run), or a
 * button's verb ("deactivate: key-gone"). The phrase says that; the rest is the detail.
 */
function reportPhrase(event: AuditEvent): { phrase: string; detail: string | undefined } {
  const detail = event.detail ?? '';
  const split = /^([^:]+): (.*)$/s.exec(detail);
  const [head, rest] = split ? [split[1] ?? '', split[2]] : [detail, undefined];
  const channel = /^stale report to ([CG][A-Z0-9]{2,})$/.exec(head)?.[1];
  if (channel) return { phrase: `ran the stale report to <#${channel}>`, detail: rest };
  if (head === 'stale report') return { phrase: 'ran the stale report (/keys stale)', detail: rest };
  if (head === 'run now') return { phrase: 'clicked Run now on a stale report', detail: rest };
  const nudged = /^\d+\.([CG][A-Z0-9]{2,})$/.exec(head)?.[1];
  if (nudged) return { phrase: `nudged key owners for the stale report to <#${nudged}>`, detail: rest };
  const verb = REPORT_VERBS[head];
  if (verb) {
    const key = `${keyOf(event)}${where(event)}`;
    return { phrase: `used ${verb} from the stale report on ${key}`, detail: rest };
  }
  return { phrase: 'ran a stale report', detail: event.detail };
}
