import { BOT_OWN_CREDENTIALS, type AccountUserView, type AccountView } from '../../../page-server/api';
import { escapeHtml } from '../blockkit';
import { accountLabel, day } from './format';

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function userRows(user: AccountUserView): string {
  const name = `${escapeHtml(user.userName)}${user.service ? '<div class="panel-detail">service</div>' : ''}`;
  if (user.keys.length === 0)
    return `<tr><td>${name}</td><td colspan="4" class="panel-detail">no keys</td></tr>`;
  return user.keys
    .map(
      (key, index) =>
        `<tr><td>${index === 0 ? name : ''}</td><td class="mono">${escapeHtml(key.accessKeyId)}</td>` +
        `<td>${escapeHtml(key.status)}</td><td class="nowrap">${day(key.createdAt)}</td>` +
        `<td>${key.lastUsed ? `${day(key.lastUsed.at)} ${escapeHtml(key.lastUsed.service)}` : 'never'}</td></tr>`,
    )
    .join('');
}

/** Collapsed by default (dev alone has about forty users); the page keeps an opened one open. */
function accountHtml(account: AccountView): string {
  const keys = account.users.flatMap((user) => user.keys);
  const active = keys.filter((key) => key.status === 'Active').length;
  const how = account.roleArn
    ? `role <span class="mono">${escapeHtml(account.roleArn.replace(/^.*:role\//, ''))}</span>`
    : escapeHtml(BOT_OWN_CREDENTIALS);
  return (
    `<details class="panel-account" data-account="${escapeHtml(account.name)}">` +
    `<summary>${accountLabel(account)} · ${count(account.users.length, 'user')}, ${count(keys.length, 'key')} (${active} active) · ${how}</summary>` +
    '<table class="panel-table"><colgroup><col class="col-iam-user"><col class="col-key"><col class="col-status">' +
    '<col class="col-date"><col></colgroup>' +
    '<thead><tr><th>User</th><th>Key</th><th>Status</th><th>Created</th><th>Last used</th></tr></thead>' +
    `<tbody>${account.users.map(userRows).join('')}</tbody></table></details>`
  );
}

/** Each account's IAM users and keys as the stand-in holds them now. */
export function accountsHtml(accounts: readonly AccountView[]): string {
  if (accounts.length === 0) return '<p class="panel-empty">No accounts.</p>';
  return accounts.map(accountHtml).join('');
}
