import type { Button, HomeView, KnownBlock } from '@slack/types';
import type { ApprovalRequest, MessageRef } from '../../approvals/domain/approval';
import type { HomeKey, HomeState, MyKeysSection, ReportStatus } from '../domain/home-state';
import type { Outcome } from '../../../kernel/outcome';
import type { StaleReason } from '../../reports/domain/classify';
import {
  accountText,
  code,
  formatAge,
  formatDate,
  formatDateTime,
  formatLastUse,
} from '../../../platform/slack/blocks/format';
import {
  AWAITING_HEADER,
  absentFromText,
  DECIDE_ON_MESSAGE,
  HOME_TITLE,
  IDENTITY_UNCONFIRMED_HOME,
  moreKeysText,
  moreRequestsText,
  MY_KEYS_HEADER,
  MY_REQUESTS_HEADER,
  NO_OPEN_REQUESTS,
  NO_REPORTS,
  noKeysText,
  NOTHING_AWAITING,
  OPEN_REQUEST_BUTTON,
  REPORT_NEVER_RAN,
  REPORTS_HEADER,
  STRANGER_HOME,
  UNMAPPED_HOME,
} from './home-texts';
import {
  actions,
  button,
  context,
  divider,
  fields,
  header,
  section,
  truncate,
} from '../../../platform/slack/blocks/primitives';
import { refusalText } from '../../../platform/slack/blocks/texts';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';

export const HOME_ROTATE_ACTION = 'home.rotate';
export const HOME_DEACTIVATE_ACTION = 'home.deactivate';
export const HOME_DELETE_ACTION = 'home.request-deletion';
export const HOME_WITHDRAW_ACTION = 'home.withdraw';
export const HOME_RUN_REPORT_ACTION = 'home.run-report';
/** A link button: Slack still sends its click, which the app only acknowledges. */
export const HOME_OPEN_REQUEST_ACTION = 'home.open-request';
export const HOME_APPROVE_ACTION = 'home.approve';
export const HOME_REJECT_ACTION = 'home.reject';

/** Slack's limit for a Home tab (a message holds 50). */
export const HOME_BLOCK_LIMIT = 100;
const MAX_REQUESTS = 10;
const MAX_AWAITING = 12;
const MAX_REPORTS = 5;
/** A key is a fields section and its buttons. */
const BLOCKS_PER_KEY = 2;

/** What a key's buttons carry: the key and its account, both checked again on the server. */
export interface HomeKeyValue {
  account: string;
  keyId: string;
}

export interface HomeViewOptions {
  now: Date;
  /** What came of the person's last click on the Home, shown at the top. */
  notice?: string;
  /** The permalink of a request's approval message, where it can be; absent: no link. */
  linkTo?: (message: MessageRef) => string | undefined;
}

const STALE_WORDS: Record<StaleReason, string> = {
  'too-old': 'too old',
  unused: 'unused',
  'never-used': 'never used',
  'more-than-one-active': 'one of two active keys',
};

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

function keyRow(key: HomeKey, now: Date, soleInAccount: boolean, deletionEnabled: boolean): KnownBlock[] {
  const stale =
    key.stale.length > 0
      ? ` · :warning: stale: ${key.stale.map((reason) => STALE_WORDS[reason]).join(', ')}`
      : '';
  const status = key.status === 'Active' ? ':large_green_circle: Active' : ':white_circle: Inactive';
  const value = JSON.stringify({ account: key.account.name, keyId: key.keyId } satisfies HomeKeyValue);
  const buttons: Button[] = [];
  // Rotation needs room for the new key: only a user's sole key in an account can be rotated.
  if (key.status === 'Active' && soleInAccount) {
    buttons.push(button({ text: 'Rotate', actionId: HOME_ROTATE_ACTION, value, style: 'primary' }));
  }
  if (key.status === 'Active') {
    buttons.push(
      button({
        text: 'Deactivate',
        actionId: HOME_DEACTIVATE_ACTION,
        value,
        confirm: {
          title: 'Deactivate this key?',
          text: `${code(key.keyId)} stops working at once. It can be activated again.`,
          confirm: 'Deactivate',
        },
      }),
    );
  }
  if (deletionEnabled) {
    buttons.push(
      button({
        text: 'Request deletion',
        actionId: HOME_DELETE_ACTION,
        value,
        style: 'danger',
        confirm: {
          title: 'Request deletion?',
          text: `An approver must agree before ${code(key.keyId)} is deleted. A deleted key cannot be restored.`,
          confirm: 'Request',
        },
      }),
    );
  }
  const rows: KnownBlock[] = [
    fields(
      `*Key*\n${code(key.keyId)}`,
      `*Account*\n${accountText(key.account)}`,
      `*Status*\n${status}${stale}`,
      `*Created*\n${formatDate(key.createdAt)} (${formatAge(key.createdAt, now)})`,
      `*Last used*\n${formatLastUse(key.lastUse, now)}`,
    ),
  ];
  if (buttons.length > 0)
    rows.push(actions(buttons, truncate(`home-key:${key.account.name}:${key.keyId}`, 255)));
  return rows;
}

function keysSection(keys: MyKeysSection, now: Date, deletionEnabled: boolean, room: number): KnownBlock[] {
  const blocks: KnownBlock[] = [header(MY_KEYS_HEADER)];
  if (keys.kind === 'identity-unconfirmed') return [...blocks, section(IDENTITY_UNCONFIRMED_HOME)];
  if (keys.kind === 'unmapped') return [...blocks, section(UNMAPPED_HOME)];
  if (keys.kind === 'refused') return [...blocks, section(refusalText(keys.refusal))];
  const { owner, keys: all, unreadable, absentFrom } = keys.value;
  const notes = [
    ...unreadable.map(({ account, refusal }) => `:warning: ${accountText(account)}: ${refusalText(refusal)}`),
    ...(absentFrom.length > 0 ? [absentFromText(absentFrom.map(accountText))] : []),
  ];
  const count = all.length === 1 ? '1 access key' : `${all.length} access keys`;
  blocks.push(context(`${count} of ${code(owner)} · worst first · dates in UTC`));
  if (notes.length > 0) blocks.push(context(...notes));
  if (all.length === 0) return [...blocks, section(noKeysText(owner))];
  const perAccount = new Map<string, number>();
  for (const key of all) perAccount.set(key.account.name, (perAccount.get(key.account.name) ?? 0) + 1);
  // What is left of the Home after the fixed blocks, less one for the "more" line when it is needed.
  const fitting = Math.max(0, Math.floor((room - blocks.length - 1) / BLOCKS_PER_KEY));
  const shown =
    all.length <= Math.floor((room - blocks.length) / BLOCKS_PER_KEY) ? all : all.slice(0, fitting);
  for (const key of shown) {
    blocks.push(...keyRow(key, now, perAccount.get(key.account.name) === 1, deletionEnabled));
  }
  if (shown.length < all.length) blocks.push(context(moreKeysText(all.length - shown.length)));
  return blocks;
}

function requestLines(request: ApprovalRequest, now: Date): string {
  const reason = request.reason ? `\nReason: ${inlineUserText(request.reason)}` : '';
  return (
    `${code(request.keyId)} of ${code(request.owner)} in ${accountOf(request)}` +
    ` · asked ${formatElapsed(request.createdAt, now)} ago` +
    ` · ${request.approvals.length}/${request.required} approvals · expires ${formatDateTime(request.expiresAt)}${reason}`
  );
}

function listSection(
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

function myRequestRow(request: ApprovalRequest, now: Date): KnownBlock {
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
function awaitingRow(
  request: ApprovalRequest,
  me: string,
  now: Date,
  linkTo: HomeViewOptions['linkTo'],
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

function reportRow(status: ReportStatus): KnownBlock {
  const title = `*<#${status.channel}>* · \`${inlineUserText(status.schedule, 64)}\` (${inlineUserText(status.timezone, 64)})`;
  const last = status.last;
  const body = last
    ? [
        `Last run ${formatDateTime(last.ranAt)} (data from ${formatDateTime(last.generatedAt)}): *${last.staleKeys} stale ${last.staleKeys === 1 ? 'key' : 'keys'}*`,
        ...last.accounts.map((account) =>
          account.failure
            ? `• ${accountText(account)}: not scanned (${inlineUserText(account.failure, 200)})`
            : `• ${accountText(account)}: ${account.staleKeys} stale of ${account.scannedKeys} keys`,
        ),
      ]
    : [REPORT_NEVER_RAN];
  return section(
    [title, ...body].join('\n'),
    button({ text: 'Run now', actionId: HOME_RUN_REPORT_ACTION, value: String(status.index) }),
  );
}

function reportsSection(reports: Outcome<ReportStatus[]>): KnownBlock[] {
  const blocks: KnownBlock[] = [divider(), header(REPORTS_HEADER)];
  if (!reports.ok) return [...blocks, section(refusalText(reports.refusal))];
  if (reports.value.length === 0) return [...blocks, section(NO_REPORTS)];
  blocks.push(...reports.value.slice(0, MAX_REPORTS).map(reportRow));
  if (reports.value.length > MAX_REPORTS)
    blocks.push(context(moreRequestsText(reports.value.length - MAX_REPORTS)));
  return blocks;
}

/**
 * A person's Home: their keys worst first, their requests, what awaits them and, for admins, the
 * reports. Within Slack's 100 blocks: the other sections are capped first, and the keys fill the
 * rest, with a count of those left out.
 */
export function homeView(state: HomeState, options: HomeViewOptions): HomeView {
  const { now } = options;
  const top: KnownBlock[] = [header(HOME_TITLE)];
  if (options.notice) top.push(section(options.notice));
  if (state.kind === 'stranger') return { type: 'home', blocks: [...top, section(STRANGER_HOME)] };
  const roles = [state.isAdmin ? 'admin' : undefined, state.isApprover ? 'approver' : undefined].filter(
    Boolean,
  );
  top.push(
    context(
      `<@${state.slackUserId}>${roles.length > 0 ? ` · ${roles.join(' · ')}` : ''} · updated ${formatDateTime(now)}`,
    ),
  );
  const rest: KnownBlock[] = [
    ...listSection(MY_REQUESTS_HEADER, state.myRequests, NO_OPEN_REQUESTS, MAX_REQUESTS, (request) =>
      myRequestRow(request, now),
    ),
  ];
  if (state.awaiting) {
    rest.push(
      ...listSection(AWAITING_HEADER, state.awaiting, NOTHING_AWAITING, MAX_AWAITING, (request) =>
        awaitingRow(request, state.slackUserId, now, options.linkTo),
      ),
    );
    if (state.awaiting.ok && state.awaiting.value.length > 0) rest.push(context(DECIDE_ON_MESSAGE));
  }
  if (state.reports) rest.push(...reportsSection(state.reports));
  const room = HOME_BLOCK_LIMIT - top.length - rest.length;
  const keys = keysSection(state.keys, now, state.deletionEnabled, room);
  return { type: 'home', blocks: [...top, ...keys, ...rest].slice(0, HOME_BLOCK_LIMIT) };
}
