import type { Button, KnownBlock } from '@slack/types';
import type { ApprovalRequest } from '../../approvals/domain';
import type { MessageRef } from '../../../kernel/message-ref';
import type { Outcome } from '../domain/refusals';
import { accountText, code, formatAge, formatDateTime } from '../../../platform/slack/blocks/format';
import {
  actions,
  button,
  context,
  divider,
  header,
  section,
} from '../../../platform/slack/blocks/primitives';
import { refusalText } from '../../../platform/slack/blocks/refusal-texts';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';
import {
  HOME_APPROVE_ACTION,
  HOME_OPEN_REQUEST_ACTION,
  HOME_REJECT_ACTION,
  HOME_WITHDRAW_ACTION,
} from './home-actions';
import { moreRequestsText, OPEN_REQUEST_BUTTON } from './home-texts';

/** Minutes, hours or days: requests live for hours, so "0 days" would say nothing. */
export function formatElapsed(from: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return formatAge(from, now);
}

function linkButton(text: string, url: string, actionId: string): Button {
  return { type: 'button', text: { type: 'plain_text', text, emoji: true }, url, action_id: actionId };
}

function accountOf(request: ApprovalRequest): string {
  return request.account
    ? accountText({ name: request.account, id: request.accountId })
    : 'the default account';
}

function requestLines(request: ApprovalRequest, now: Date): string {
  const reason = request.reason ? `\nReason: ${inlineUserText(request.reason)}` : '';
  return (
    `${code(request.keyId)} of ${code(request.owner)} in ${accountOf(request)}` +
    ` · asked ${formatElapsed(request.createdAt, now)} ago` +
    ` · ${request.approvals.length}/${request.required} approvals · expires ${formatDateTime(request.expiresAt)}${reason}`
  );
}

/** A titled list of requests, at most `max`, with a count of those left out. */
export function listSection(
  title: string,
  requests: Outcome<ApprovalRequest[]>,
  empty: string,
  max: number,
  row: (request: ApprovalRequest) => KnownBlock | KnownBlock[],
): KnownBlock[] {
  const blocks: KnownBlock[] = [divider(), header(title)];
  if (!requests.ok) return [...blocks, section(refusalText(requests.refusal))];
  if (requests.value.length === 0) return [...blocks, section(empty)];
  blocks.push(...requests.value.slice(0, max).flatMap(row));
  if (requests.value.length > max) blocks.push(context(moreRequestsText(requests.value.length - max)));
  return blocks;
}

/** One of the person's own requests, with Withdraw. */
export function myRequestRow(request: ApprovalRequest, now: Date): KnownBlock {
  return section(
    requestLines(request, now),
    button({
      text: 'Withdraw',
      actionId: HOME_WITHDRAW_ACTION,
      value: request.id,
      confirm: {
        title: 'Withdraw this request?',
        text: `The deletion of ${code(request.keyId)} will not go ahead.`,
        confirm: 'Withdraw',
        style: 'primary',
      },
    }),
  );
}

/**
 * An awaiting request, with Approve… and Reject… that open the same decision modal as the
 * request's own message does, carrying that message: the submission then takes the one path every
 * decision takes (ApprovalService with the request's stored message, checked against the store),
 * and the message is updated in place where the other approvers see it.
 */
export function awaitingRow(
  request: ApprovalRequest,
  me: string,
  now: Date,
  linkTo: ((message: MessageRef) => string | undefined) | undefined,
): KnownBlock[] {
  const url = request.message ? linkTo?.(request.message) : undefined;
  const mine = request.approvals.some((approval) => approval.by === me) ? ' · _you approved_' : '';
  const text = `<@${request.requestedBy}> asks to delete ${requestLines(request, now)}${mine}`;
  const row = url
    ? section(text, linkButton(OPEN_REQUEST_BUTTON, url, HOME_OPEN_REQUEST_ACTION))
    : section(text);
  if (!request.message) return [row];
  const value = homeDecisionValue(request.id, request.message);
  return [
    row,
    actions(
      [
        button({ text: 'Approve…', actionId: HOME_APPROVE_ACTION, value, style: 'primary' }),
        button({ text: 'Reject…', actionId: HOME_REJECT_ACTION, value, style: 'danger' }),
      ],
      `home-awaiting:${request.id}`,
    ),
  ];
}

/** The request and its message, for the decision modal; decoded by decodeHomeDecisionValue. */
export function homeDecisionValue(requestId: string, message: MessageRef): string {
  return JSON.stringify({ r: requestId, c: message.channel, t: message.ts });
}
