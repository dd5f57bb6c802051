import { ageInDays, type LastUse } from '../../../kernel/types';
import { accountLabel, type Account } from '../../../kernel/accounts';
import { inlineCodeText, inlineUserText } from './user-text';

/** Dates are shown in UTC, unambiguous across a team spread over time zones. */
export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function formatDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatAge(from: Date, now: Date): string {
  const days = ageInDays(from, now);
  return days === 1 ? '1 day' : `${days} days`;
}

export function formatLastUse(lastUse: LastUse, now: Date): string {
  if (!lastUse.at) return '_never used_';
  // IAM's words, shown in channels: inert like any text Keywarden did not write.
  const where = [lastUse.service, lastUse.region]
    .filter((part): part is string => Boolean(part))
    .map((part) => inlineUserText(part, 64));
  const ago = ageInDays(lastUse.at, now);
  const when = `${formatDateTime(lastUse.at)} (${ago === 0 ? 'today' : `${formatAge(lastUse.at, now)} ago`})`;
  return where.length > 0 ? `${when} · ${where.join(' · ')}` : when;
}

/** A name or id as code: one line, and no backtick inside to end the span and let text format. */
export function code(text: string): string {
  const inner = inlineCodeText(text);
  return `\`${inner === '' ? ' ' : inner}\``;
}

/** The account something is in, as people read it: "prod (111111111111)"; names come from the policy. */
export function accountText(account: Account): string {
  return inlineUserText(accountLabel(account));
}
