import type { KnownBlock } from '@slack/types';
import type { ApprovalRequest, Decider } from '../domain/approval';
import { mention, outcomeText } from './approval-outcome';
import { MAX_REASON_LENGTH } from '../../../kernel/user-text';
import {
  accountText,
  code,
  formatAge,
  formatDate,
  formatDateTime,
  formatLastUse,
} from '../../../platform/slack/blocks/format';
import {
  actions,
  button,
  context,
  fields,
  header,
  section,
  type Reply,
} from '../../../platform/slack/blocks/primitives';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';
import { lastUsedAgo } from '../../../platform/slack/blocks/time-ago';

export const APPROVE_ACTION = 'approval.approve';
export const REJECT_ACTION = 'approval.reject';
export const APPROVE_WITH_NOTE_ACTION = 'approval.approve-with-note';
export const WITHDRAW_ACTION = 'approval.withdraw';

const STATE_LINES: Record<ApprovalRequest['state'], string> = {
  PENDING: ':hourglass_flowing_sand: Waiting for approval',
  APPROVED: ':gear: Approved; deleting the key',
  EXECUTING: ':gear: Approved; the key is being deleted',
  EXECUTED: ':white_check_mark: Key deleted',
  FAILED: ':x: Approved, but the deletion failed',
  REJECTED: ':no_entry_sign: Rejected; the key was kept',
  EXPIRED: ':alarm_clock: Expired without approval; the key was kept',
  WITHDRAWN: ':leftwards_arrow_with_hook: Withdrawn by the requester; the key was kept',
};

/** The state in words; a request refused for its account was never "approved, but failed". */
function stateLine(request: ApprovalRequest): string {
  if (request.state === 'FAILED' && request.outcome?.kind === 'account-not-managed') {
    return ':x: Not carried out; the key was kept';
  }
  return STATE_LINES[request.state];
}

/**
 * A key waiting for its deletion can go on working for a day: where it may have leaked, deactivating
 * it now (it can be turned on again) is the first step, and approvers are reminded of it.
 */
export function stillActiveText(keyId: string, lastUsed: string): string {
  return (
    `:warning: *Still Active, ${lastUsed}*: the key works while this waits. ` +
    `If it may have leaked, deactivate it first: \`/keys deactivate ${keyId}\` (it can be turned on again).`
  );
}

/** The key was turned off while this waits (containment): said in place of the warning above. */
export function deactivatedSinceText(at: Date, by: Decider): string {
  const who = by === 'system' ? 'Keywarden' : mention(by);
  return (
    `:white_circle: *Deactivated ${formatDateTime(at)} by ${who}* while this waits: ` +
    'the key no longer works (it can be activated again).'
  );
}

function approverIds(request: ApprovalRequest): string[] {
  return request.approvals.map((approval) => approval.by);
}

function decidedBy(request: ApprovalRequest): string {
  if (request.approvals.length === 0) return '';
  // (MFA): the approver signed in again at the identity provider for it (approvals.stepUp).
  const who = (approval: ApprovalRequest['approvals'][number]) =>
    `${mention(approval.by)}${approval.stepUp ? ' (MFA)' : ''}`;
  return ` · approved by ${request.approvals.map(who).join(', ')}`;
}

/** The request as approvers see it in the channel; buttons only while it is pending. */
export function approvalRequestBlocks(request: ApprovalRequest, now: Date): Reply {
  const { key } = request;
  const lastUse = formatLastUse(
    { at: key.lastUsedAt, service: key.lastUsedService, region: key.lastUsedRegion },
    now,
  );
  const blocks: KnownBlock[] = [
    header('Access key deletion request'),
    fields(
      `*Requested by*\n<@${request.requestedBy}>`,
      `*Key*\n${code(request.keyId)}`,
      `*Owner (IAM user)*\n${code(request.owner)}${request.account ? ` in ${accountText({ name: request.account, id: request.accountId })}` : ''}`,
      `*Status when asked*\n${key.status}`,
      `*Created*\n${formatDate(key.createdAt)} (${formatAge(key.createdAt, now)})`,
      `*Last used*\n${lastUse}`,
      // The reason is the requester's own words in the approvers' channel: one inert line.
      `*Reason*\n${request.reason ? inlineUserText(request.reason, MAX_REASON_LENGTH) : '_none given_'}`,
      // Once decided, when it would have expired is no longer news.
      ...(request.state === 'PENDING' ? [`*Expires*\n${formatDateTime(request.expiresAt)}`] : []),
    ),
  ];
  // The key's status now, where Keywarden changed it since the request was asked; else as asked.
  const change = request.keyStatusChange;
  if (request.state === 'PENDING' && change?.status === 'Inactive') {
    blocks.push(section(deactivatedSinceText(change.at, change.by)));
  } else if (request.state === 'PENDING' && (change?.status ?? key.status) === 'Active') {
    // When it was last used, as GetAccessKeyLastUsed said when the request opened, in words read at a glance.
    blocks.push(section(stillActiveText(request.keyId, lastUsedAgo(key.lastUsedAt, now))));
  }
  const progress = `${request.approvals.length} of ${request.required} approval${request.required === 1 ? '' : 's'}`;
  const outcome =
    request.outcome && request.state !== 'PENDING'
      ? ` · ${outcomeText(request.outcome, approverIds(request))}`
      : '';
  blocks.push(section(`*${stateLine(request)}*${outcome}`));
  blocks.push(context(`${progress}${decidedBy(request)} · request ${code(request.id)}`));
  if (request.state === 'PENDING') {
    blocks.push(
      actions(
        [
          button({
            text: 'Approve',
            actionId: APPROVE_ACTION,
            value: request.id,
            style: 'primary',
            confirm: {
              title: 'Delete this key?',
              text: `Deleting ${code(request.keyId)} of ${code(request.owner)} cannot be undone.`,
              confirm: 'Approve',
            },
          }),
          button({ text: 'Approve with a note…', actionId: APPROVE_WITH_NOTE_ACTION, value: request.id }),
          button({ text: 'Reject…', actionId: REJECT_ACTION, value: request.id, style: 'danger' }),
          // Only the requester's click counts; anyone else is refused (and audited).
          button({ text: 'Withdraw', actionId: WITHDRAW_ACTION, value: request.id }),
        ],
        `approval:${request.id}`,
      ),
    );
  }
  return {
    text: `Deletion request for ${request.keyId} (${request.owner}) by <@${request.requestedBy}>: ${stateLine(request)}`,
    blocks,
  };
}

/** What the requester is told when their request ends. */
export function requestOutcomeBlocks(request: ApprovalRequest): Reply {
  // The IAM advice fits a deletion IAM refused, not a request refused before IAM was asked.
  const advice = request.state === 'FAILED' && request.outcome?.kind !== 'account-not-managed';
  const text = `Your request to delete ${code(request.keyId)} of ${code(request.owner)}: ${stateLine(request)}${
    request.outcome ? ` (${outcomeText(request.outcome, approverIds(request))})` : ''
  }.${advice ? ` ${FAILED_ADVICE}` : ''}`;
  return { text, blocks: [section(text)] };
}

/** What a requester can do when IAM refused the deletion. */
export const FAILED_ADVICE =
  "The key was not deleted. Ask an admin to check Keywarden's IAM permissions in that account (`/keys audit KEY_ID` shows why), then request the deletion again.";

/**
 * The asker's confirmation after `/keys delete`. `deactivateAction`: the key was Active when asked
 * and the asker may turn it off, so a "Deactivate now" button (that action id, the keys slice's)
 * sits beside the confirmation: containment while approvers decide.
 */
export function requestOpenedBlocks(
  request: ApprovalRequest,
  channel: string,
  deactivateAction?: string,
): Reply {
  const text =
    `Deletion of ${code(request.keyId)} (owner ${code(request.owner)}) requested. ` +
    `It waits for ${request.required === 1 ? 'an approver' : `${request.required} approvers`} in <#${channel}> ` +
    `until ${formatDateTime(request.expiresAt)}; you will be told how it ends.`;
  if (!deactivateAction || request.key.status !== 'Active') return { text, blocks: [section(text)] };
  const warning = ':warning: The key still works while this waits. If it may have leaked, deactivate it now.';
  return {
    text,
    blocks: [
      section(text),
      section(
        warning,
        button({
          text: 'Deactivate now',
          actionId: deactivateAction,
          value: request.keyId,
          confirm: {
            title: 'Deactivate the key now?',
            text: `${code(request.keyId)} stops working at once. It can be activated again.`,
            confirm: 'Deactivate',
          },
        }),
      ),
    ],
  };
}

/** One pending request as a line of the `/keys approvals` list. */
export function pendingLine(request: ApprovalRequest, now: Date): string {
  return `• ${code(request.keyId)} of ${code(request.owner)}${request.account ? ` in ${accountText({ name: request.account, id: request.accountId })}` : ''}, asked by <@${request.requestedBy}> ${formatAge(
    request.createdAt,
    now,
  )} ago · ${request.approvals.length}/${request.required} · expires ${formatDateTime(request.expiresAt)}`;
}

/** The reminder in the request's thread, while it is still pending. */
export function reminderBlocks(request: ApprovalRequest, now: Date): Reply {
  const text =
    `:bell: Still waiting: ${request.approvals.length} of ${request.required} approvals, asked ` +
    `${formatAge(request.createdAt, now)} ago; expires ${formatDateTime(request.expiresAt)}.`;
  return { text, blocks: [section(text)] };
}

/** The reminder in an approver's DM. The link is Slack's permalink to the request's message. */
export function reminderDmBlocks(request: ApprovalRequest, now: Date, link?: string): Reply {
  const where = request.account ? ` in ${accountText({ name: request.account, id: request.accountId })}` : '';
  const text =
    `:bell: A deletion request awaits your decision: ${code(request.keyId)} of ${code(request.owner)}${where}, ` +
    `asked by <@${request.requestedBy}> ${formatAge(request.createdAt, now)} ago, expires ${formatDateTime(request.expiresAt)}.` +
    (link && /^https:\/\/[\w.-]+\/[\w/.-]*(\?[\w=&.-]*)?$/.test(link) ? ` <${link}|Open the request>` : '');
  return { text, blocks: [section(text)] };
}
