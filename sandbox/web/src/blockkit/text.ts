import { replaceEmoji } from './emoji';
import { escapeHtml } from './escape';
import { mrkdwnToHtml } from './mrkdwn';
import type { Names } from './names';

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** plain_text is shown as written (Slack does not read entities or markup in it); mrkdwn is formatted. */
export function textObjectToHtml(text: unknown, names: Names): string {
  if (!isObject(text)) return '';
  const content = stringOf(text.text);
  if (text.type === 'mrkdwn') return mrkdwnToHtml(content, names);
  const escaped = escapeHtml(content);
  return text.emoji === false ? escaped : replaceEmoji(escaped);
}

/** For labels and titles that are plain text, whatever object holds them. */
export function plainText(text: unknown): string {
  return isObject(text) ? escapeHtml(stringOf(text.text)) : '';
}
