import type { AccountRef } from '../../../page-server/api';
import { escapeHtml, type Names } from '../blockkit';

/** HH:MM:SS of an ISO time, UTC as the bot's own answers are. */
export function time(iso: string): string {
  return escapeHtml(iso.slice(11, 19));
}

export function day(iso: string): string {
  return escapeHtml(iso.slice(0, 10));
}

/** A Slack user id by the person's name; `system` is the bot's own scheduled work. */
export function who(id: string, names: Names): string {
  return escapeHtml(id === 'system' ? 'keywarden' : (names.users.get(id) ?? id));
}

export function outcomeBadge(ok: boolean, text: string): string {
  return `<span class="badge ${ok ? 'badge-ok' : 'badge-bad'}">${escapeHtml(text)}</span>`;
}

/** `prod 444455556666`: the policy's name, then the id CloudTrail and the console show. */
export function accountLabel(account: AccountRef): string {
  const id = account.name === account.id ? '' : ` <span class="mono">${escapeHtml(account.id)}</span>`;
  return `<span class="account-tag">${escapeHtml(account.name)}</span>${id}`;
}

/**
 * A session's SourceIdentity as CloudTrail has it (a Slack user id, or `keywarden` for work nobody
 * clicked), with the person's name beside it where the page knows them.
 */
export function sourceIdentity(id: string, names: Names): string {
  const name = names.users.get(id);
  const person = name ? ` (${escapeHtml(name)})` : id === 'keywarden' ? ' (scheduled work)' : '';
  return `SourceIdentity <strong class="mono">${escapeHtml(id)}</strong>${person}`;
}
