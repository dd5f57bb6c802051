import {
  BOT_OWN_CREDENTIALS,
  type AssumeRoleView,
  type IamCallView,
  type TrailLookupView,
} from '../../../page-server/api';
import { escapeHtml, type Names } from '../blockkit';
import { accountLabel, outcomeBadge, sourceIdentity, time } from './format';

const SHOWN = 50;

/** Which account a call acted in and as whom: the two things CloudTrail answers first. */
function ranAs(call: IamCallView, names: Names): string {
  if (!call.account) return 'signing key refused: no account';
  const session =
    call.sourceIdentity !== undefined
      ? sourceIdentity(call.sourceIdentity, names)
      : call.roleSessionName !== undefined
        ? `session <span class="mono">${escapeHtml(call.roleSessionName)}</span>, no SourceIdentity`
        : escapeHtml(BOT_OWN_CREDENTIALS);
  return `${accountLabel(call.account)} · ${session}`;
}

export function iamCallsHtml(calls: readonly IamCallView[], names: Names): string {
  if (calls.length === 0) return '<p class="panel-empty">No IAM calls yet.</p>';
  const rows = calls
    .slice(0, SHOWN)
    .map(
      (call) =>
        `<tr class="call-row"><td>${time(call.at)}</td><td>${escapeHtml(call.action)}</td>` +
        `<td>${escapeHtml(call.userName ?? '')}</td><td class="mono">${escapeHtml(call.accessKeyId ?? '')}</td>` +
        `<td>${outcomeBadge(call.status === 200, call.error ?? String(call.status))}</td></tr>` +
        `<tr class="call-who"><td></td><td colspan="4">${ranAs(call, names)}</td></tr>`,
    );
  return (
    '<table class="panel-table"><colgroup><col class="col-time"><col><col class="col-user"><col class="col-key">' +
    '<col class="col-outcome"></colgroup>' +
    '<thead><tr><th>Time</th><th>Action</th><th>UserName</th><th>Key</th><th>Outcome</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function assumeOutcome(call: AssumeRoleView): string {
  if (call.status === 200) return outcomeBadge(true, 'allowed');
  if (call.error === 'AccessDenied') return outcomeBadge(false, 'refused');
  return outcomeBadge(false, call.error ?? String(call.status));
}

export function assumeRolesHtml(calls: readonly AssumeRoleView[], names: Names): string {
  if (calls.length === 0) {
    return '<p class="panel-empty">No AssumeRole calls yet: the bot assumes a role on first use of its account.</p>';
  }
  const items = calls
    .slice(0, SHOWN)
    .map(
      (call) =>
        `<li class="panel-item">${assumeOutcome(call)} ${time(call.at)} AssumeRole into ` +
        (call.account ? accountLabel(call.account) : escapeHtml(call.roleArn ?? 'no role')) +
        `<div class="panel-detail">RoleSessionName <span class="mono">${escapeHtml(call.roleSessionName ?? '-')}</span> · ` +
        (call.sourceIdentity !== undefined
          ? sourceIdentity(call.sourceIdentity, names)
          : 'no SourceIdentity') +
        ` · ${call.externalId ? 'ExternalId sent' : 'no ExternalId'}</div></li>`,
    );
  return `<ul class="panel-list">${items.join('')}</ul>`;
}

/**
 * The bot reading CloudTrail: each LookupEvents by key id, the region and account it searched, and how
 * many events came back (or why none did: throttled, denied, down).
 */
export function trailLookupsHtml(lookups: readonly TrailLookupView[]): string {
  if (lookups.length === 0) {
    return '<p class="panel-empty">No CloudTrail lookups yet: the bot reads a key\'s activity for an incident or /keys activity.</p>';
  }
  const items = lookups.slice(0, SHOWN).map((lookup) => {
    const outcome =
      lookup.status === 200
        ? outcomeBadge(true, `${lookup.events ?? 0} event${lookup.events === 1 ? '' : 's'}`)
        : outcomeBadge(false, lookup.error ?? String(lookup.status));
    return (
      `<li class="panel-item">${outcome} ${time(lookup.at)} LookupEvents ` +
      `<span class="mono">${escapeHtml(lookup.accessKeyId ?? '(no key)')}</span>` +
      `<div class="panel-detail">${escapeHtml(lookup.region)}` +
      (lookup.account ? ` · ${accountLabel(lookup.account)}` : '') +
      (lookup.nextPage ? ' · next page' : '') +
      `</div></li>`
    );
  });
  return `<ul class="panel-list">${items.join('')}</ul>`;
}
