import type {
  AccountView,
  ApprovalView,
  AuditView,
  PanelView,
  ReportView,
  StepUpView,
  WorkflowRunView,
} from '../../../page-server/api';
import { escapeHtml, mrkdwnToHtml, type Names } from '../blockkit';
import { accountsHtml } from './accounts';
import { assumeRolesHtml, iamCallsHtml, trailLookupsHtml } from './cloudtrail';
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

/** The stored codes of an event, for a reviewer who hovers: "deactivate · ok · bob · AKIA… · hold". */
function auditCodes(event: AuditView): string {
  return [event.actor, event.action, event.outcome, event.owner, event.keyId, event.requestId, event.detail]
    .filter((part) => part !== undefined && part !== '')
    .join(' · ');
}

/**
 * Each event in the words Slack's `/keys audit` uses (the sentence the page server made with the
 * audit slice's own builder), its stored codes kept in the item's title; the codes as before where
 * a sentence is missing.
 */
function audit(events: readonly AuditView[], names: Names): string {
  if (events.length === 0) return '<p class="panel-empty">No audit events yet.</p>';
  const items = events.slice(0, SHOWN).map((event) => {
    const codes =
      `<strong>${who(event.actor, names)}</strong> ${escapeHtml(event.action)}` +
      (event.owner ? ` ${escapeHtml(event.owner)}` : '') +
      (event.keyId ? ` <span class="mono">${escapeHtml(event.keyId)}</span>` : '') +
      (event.detail ? `<div class="panel-detail">${escapeHtml(event.detail)}</div>` : '');
    const words = event.sentence
      ? `<span class="audit-sentence">${mrkdwnToHtml(event.sentence, names)}</span>`
      : `${time(event.at)} ${codes}`;
    return (
      `<li class="panel-item" data-audit-codes title="${escapeHtml(auditCodes(event))}">` +
      `${outcomeBadge(event.outcome === 'ok', event.outcome)} ${words}</li>`
    );
  });
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
 * A small workflow, as a Slack team would build it in Workflow Builder: "request deletion of this key",
 * one step of Keywarden's run for whoever the page is signed in as, and every run with how it ended.
 */
function workflows(runs: readonly WorkflowRunView[], names: Names): string {
  const form =
    '<form class="panel-form" data-run-workflow>' +
    '<label>Key id <input name="keyId" class="mono" autocomplete="off" spellcheck="false" ' +
    'pattern="\\w{16,128}" required placeholder="AKIA..."></label>' +
    '<label>Reason <input name="reason" autocomplete="off" required placeholder="INC-101 offboarding"></label>' +
    '<button type="submit" class="panel-button">Request deletion of this key</button></form>' +
    '<div class="panel-detail">Runs the step request_key_deletion as you; it completes when the request ends.</div>';
  if (runs.length === 0) return `${form}<p class="panel-empty">No workflow runs yet.</p>`;
  const items = runs.map((run) => {
    const result =
      run.state === 'running'
        ? 'waiting for the request to end'
        : run.outputs
          ? Object.entries(run.outputs)
              .map(([name, value]) => `${escapeHtml(name)}: ${escapeHtml(value)}`)
              .join(' · ')
          : escapeHtml(run.error ?? '');
    return (
      `<li class="panel-item">${outcomeBadge(run.state !== 'failed', run.state)} ${time(run.startedAt)} ` +
      `<strong>${escapeHtml(run.step)}</strong>` +
      (run.keyId ? ` <span class="mono">${escapeHtml(run.keyId)}</span>` : '') +
      (run.requester ? ` by ${who(run.requester, names)}` : '') +
      `<div class="panel-detail">${result}</div></li>`
    );
  });
  return `${form}<ul class="panel-list">${items.join('')}</ul>`;
}

/**
 * AWS finding a key in public, on demand: every active key of the demo accounts, people's first. The
 * bot hears of it as it would in production, through the exposure queue.
 */
function simulateLeak(accounts: readonly AccountView[], wired: boolean): string {
  if (!wired) return '<p class="panel-empty">No exposure queue in this sandbox.</p>';
  const options = accounts.flatMap((account) =>
    [...account.users]
      .sort((a, b) => Number(a.service) - Number(b.service))
      .flatMap((user) =>
        user.keys
          .filter((key) => key.status === 'Active')
          .map(
            (key) =>
              `<option value="${escapeHtml(key.accessKeyId)}">${escapeHtml(user.userName)}@${escapeHtml(account.name)} ` +
              `${escapeHtml(key.accessKeyId)}</option>`,
          ),
      ),
  );
  return (
    '<form class="panel-form" data-simulate-leak>' +
    `<label>Key <select name="keyId" class="mono">${options.join('')}</select></label>` +
    '<button type="submit" class="panel-button">Simulate a leak</button></form>' +
    '<div class="panel-detail">AWS Health reports the key exposed: the event reaches the bot through the SQS queue, ' +
    'AWS attaches its quarantine policy, and someone probes the key from 203.0.113.66.</div>'
  );
}

/**
 * What a reviewer watches while clicking: what the bot stored (requests, audit), the accounts as IAM
 * holds them, and a CloudTrail of sorts: each IAM call with its account and session, each
 * AssumeRole that opened a session, and each CloudTrail lookup the bot made of a key's activity.
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
    section('Workflow runs', workflows(panel.workflowRuns, names)) +
    section('Simulate a leak', simulateLeak(panel.accounts, panel.canSimulateLeak)) +
    section('Approval requests', approvals(panel.approvals, names)) +
    section('Audit events', audit(panel.audit, names)) +
    section('AWS accounts', accountsHtml(panel.accounts)) +
    section('STS AssumeRole', assumeRolesHtml(panel.assumeRoles, names)) +
    section('IAM calls', iamCallsHtml(panel.iamCalls, names)) +
    section('CloudTrail LookupEvents', trailLookupsHtml(panel.trailLookups))
  );
}
