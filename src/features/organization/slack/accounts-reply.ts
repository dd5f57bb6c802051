import { pageButtons } from '../../../platform/slack/blocks/page-buttons';
import { accountText, code, formatDateTime } from '../../../platform/slack/blocks/format';
import { context, header, section, type Reply } from '../../../platform/slack/blocks/primitives';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';
import type { OrgUnitRef } from '../../../kernel/ports/organization';
import type { AccountLine, AccountsView, RefreshView } from '../domain';
import { encodeAccountsPage } from './accounts-page-value';

export const ACCOUNTS_NEXT_ACTION = 'organization.accounts.next';
export const ACCOUNTS_PREVIOUS_ACTION = 'organization.accounts.previous';
export const ACCOUNTS_TITLE = 'Managed AWS accounts';
/** Dropped accounts named on a page; more are counted. */
const DROPPED_NAMED = 10;

/** "Root / Prod / Web": OU names are people's words, made inert. */
export function ouPathText(path: readonly OrgUnitRef[]): string {
  return path.length === 0
    ? 'not in the organization listing'
    : inlineUserText(path.map((unit) => unit.name).join(' / '), 200);
}

function reachText(line: AccountLine): string {
  if (!line.reach) return 'not tried yet';
  const when = formatDateTime(line.reach.at);
  return line.reach.reachable
    ? `reachable (${when})`
    : `:warning: not reachable (${when}): ${inlineUserText(line.reach.why ?? 'unknown', 300)}`;
}

function accountLine(line: AccountLine): string {
  const reported = line.lastReported ? formatDateTime(line.lastReported) : 'never';
  return [
    `*${accountText(line.account)}*  ${ouPathText(line.path)}`,
    `${reachText(line)} · last reported on: ${reported}`,
  ].join('\n');
}

function discoveryText(view: AccountsView): string {
  if (!view.discovery) return 'The accounts are the ones the policy lists (no organization: block).';
  const { lastGood, lastFailure } = view.discovery;
  const listed = lastGood
    ? `Organization listed ${formatDateTime(lastGood)}.`
    : 'The organization has not been listed yet.';
  const failed =
    lastFailure && (!lastGood || lastFailure.at > lastGood)
      ? ` :warning: The last listing failed (${formatDateTime(lastFailure.at)}): ${inlineUserText(lastFailure.why, 200)}; the accounts are as last listed.`
      : '';
  return listed + failed;
}

function droppedText(view: AccountsView): string {
  if (view.dropped.length === 0) return '';
  const named = view.dropped
    .slice(0, DROPPED_NAMED)
    .map(
      (account) => `${code(account.id)} ${inlineUserText(account.name, 64)} (${account.state.toLowerCase()})`,
    );
  const more = view.dropped.length - named.length;
  return `Not managed, suspended or closed: ${named.join(', ')}${more > 0 ? `, and ${more} more` : ''}.`;
}

/** One page of `/keys accounts`: each account with its id, OU path, reachability and last report. */
export function accountsBlocks(view: AccountsView): Reply {
  const buttons = pageButtons(view.page, {
    previousAction: ACCOUNTS_PREVIOUS_ACTION,
    nextAction: ACCOUNTS_NEXT_ACTION,
    value: encodeAccountsPage,
    blockId: 'organization:accounts:pages',
  });
  const dropped = droppedText(view);
  return {
    text: `${ACCOUNTS_TITLE}: ${view.total}.`,
    blocks: [
      header(ACCOUNTS_TITLE),
      ...view.page.items.map((line) => section(accountLine(line))),
      context(`${view.total} account(s), by name. ${discoveryText(view)}`),
      ...(dropped ? [context(dropped)] : []),
      ...buttons,
    ],
  };
}

/** `/keys accounts refresh`: what changed, or why nothing could. */
export function refreshText(view: RefreshView): string {
  if (!view.ok)
    return `:warning: The organization could not be listed: ${inlineUserText(view.why, 300)}. The accounts stay as they were.`;
  const list = (accounts: readonly { name: string }[]) =>
    accounts.map((account) => code(account.name)).join(', ');
  const parts = [
    view.added.length ? `added ${list(view.added)}` : '',
    view.renamed.length
      ? `renamed ${view.renamed.map((change) => `${code(change.from)} → ${code(change.to.name)}`).join(', ')}`
      : '',
    view.removed.length ? `dropped ${list(view.removed)}` : '',
  ].filter(Boolean);
  const changes = parts.length > 0 ? `${parts.join('; ')}.` : 'nothing changed.';
  return `Organization listed: ${view.managed} account(s) managed; ${changes}`;
}
