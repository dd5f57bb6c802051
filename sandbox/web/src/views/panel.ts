import type { ApprovalView, AuditView, PanelView, ReportView, StepUpView } from '../../../page-server/api';
import { escapeHtml, type Names } from '../blockkit';
import { accountsHtml } from './accounts';
import { assumeRolesHtml, iamCallsHtml } from './cloudtrail';
import { outcomeBadge, time, who } from './format';

const SHOWN = 50;

const STATE_OK = new Set(['EXECUTED', 'PENDING', 'APPROVED']);

function approvals(requests: readonly ApprovalView[], names: Names): string {
  if (requests.length === 0) return '<p class="panel-empty">No deletion requests yet.</p>';
  const items = requests
    .slice(0, SHOWN)
    .map(
      (request) =>
        `<li class="panel-item">${outcomeBadge(STATE_OK.has(request.state), request.state)} ` +
        `<span class="mono">${escapeHtml(request.keyId)}</span> of <strong>${escapeHtml(request.owner)}</strong>` +
        `<div class="panel-detail">asked by ${who(request.requestedBy, names)} · ` +
        `${request.approvals.length}/${request.required} approvals` +
        (request.approvals.length > 0
          ? ` (${request.approvals.map((id) => who(id, names)).join(', ')})`
          : '') +
        (request.outcome ? ` · ${escapeHtml(request.outcome)}` : '') +
        `</div></li>`,
    );
  return `<ul class="panel-list">${items.join('')}</ul>`;
}

function audit(events: readonly AuditView[], names: Names): string {
  if (events.length === 0) return '<p class="panel-empty">No audit events yet.</p>';
  const items = events
    .slice(0, SHOWN)
    .map(
      (event) =>
        `<li class="panel-item">${outcomeBadge(event.outcome === 'ok', event.outcome)} ${time(event.at)} ` +
        `<strong>${who(event.actor, names)}</strong> ${escapeHtml(event.action)}` +
        (event.owner ? ` ${escapeHtml(event.owner)}` : '') +
        (event.keyId ? ` <span class="mono">${escapeHtml(event.keyId)}</span>` : '') +
        (event.detail ? `<div class="panel-detail">${escapeHtml(event.detail)}</div>` : '') +
        `</li>`,
    );
  return `<ul class="panel-list">${items.join('')}</ul>`;
}

function reports(list: readonly ReportView[], names: Names): string {
  if (list.length === 0) return '<p class="panel-empty">The policy schedules no reports.</p>';
  const items = list.map(
    (report) =>
      `<li class="panel-item"><strong>#${escapeHtml(names.channels.get(report.channel) ?? report.channel)}</strong> ` +
      `<span class="mono">${escapeHtml(report.schedule)}</span> ${escapeHtml(report.timezone)}` +
      `<div class="panel-detail">stale: older than ${report.maxAgeDays} days, or unused for ${report.maxUnusedDays}</div>` +
      `<button type="button" class="panel-button" data-run-report="${report.index}">Run now</button></li>`,
  );
  return `<ul class="panel-list">${items.join('')}</ul>`;
}

/** Approve opens the provider's sign-in in a new tab: what to type there. */
function stepUp(idp: StepUpView): string {
  return (
    '<div class="panel-detail">Approvals of deletions count only after a sign-in at ' +
    `<span class="mono">${escapeHtml(idp.issuer)}</span>, with MFA.</div>` +
    '<dl class="panel-credentials">' +
    "<dt>Email</dt><dd>the approver's (april@example.com, arne@example.com)</dd>" +
    `<dt>Password</dt><dd class="mono" data-demo-password>${escapeHtml(idp.password)}</dd>` +
    `<dt>One-time code</dt><dd class="mono" data-demo-code>${escapeHtml(idp.oneTimeCode)}</dd>` +
    '</dl><div class="panel-detail">Leave the code empty to see a sign-in without MFA refused.</div>'
  );
}

/** The demo's keys are used by no real system; this stands in for one, to follow a rotation through. */
function simulateUse(): string {
  return (
    '<form class="panel-form" data-use-key>' +
    '<label>Key id <input name="keyId" class="mono" autocomplete="off" spellcheck="false" ' +
    'pattern="\\w{16,128}" required placeholder="AKIA..."></label>' +
    '<button type="submit" class="panel-button">Use it now</button></form>' +
    '<div class="panel-detail">Marks the key as used by sts in us-east-1, as a system switching to it would.</div>'
  );
}

/**
 * What a reviewer watches while clicking: what the bot stored (requests, audit), the accounts as IAM
 * holds them, and a CloudTrail of sorts: each IAM call with its account and session, and each
 * AssumeRole that opened a session.
 */
export function panelHtml(panel: PanelView, names: Names): string {
  const section = (title: string, body: string) =>
    `<section class="panel-section" aria-label="${escapeHtml(title)}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
  return (
    '<p class="panel-title">Behind the scenes</p>' +
    (panel.storeError ? `<p class="panel-error" role="alert">${escapeHtml(panel.storeError)}</p>` : '') +
    (panel.stepUp ? section('Step-up sign-in', stepUp(panel.stepUp)) : '') +
    section('Scheduled reports', reports(panel.reports, names)) +
    section('Simulate traffic', simulateUse()) +
    section('Approval requests', approvals(panel.approvals, names)) +
    section('Audit events', audit(panel.audit, names)) +
    section('AWS accounts', accountsHtml(panel.accounts)) +
    section('STS AssumeRole', assumeRolesHtml(panel.assumeRoles, names)) +
    section('IAM calls', iamCallsHtml(panel.iamCalls, names))
  );
}
