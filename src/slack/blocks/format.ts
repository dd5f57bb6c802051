import { ageInDays, type LastUse } from '../../keys/types';
import { escapeMrkdwn } from './primitives';

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
  const where = [lastUse.service, lastUse.region].filter(Boolean).map((part) => escapeMrkdwn(part as string));
  const ago = ageInDays(lastUse.at, now);
  const when = `${formatDateTime(lastUse.at)} (${ago === 0 ? 'today' : `${formatAge(lastUse.at, now)} ago`})`;
  return where.length > 0 ? `${when} · ${where.join(' · ')}` : when;
}

export function code(text: string): string {
  return `\`${escapeMrkdwn(text)}\``;
}
