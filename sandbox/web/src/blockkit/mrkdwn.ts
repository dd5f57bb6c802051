import { replaceEmoji } from './emoji';
import { decodeSlackEntities, escapeHtml, isWebUrl } from './escape';
import type { Names } from './names';

// Private-use characters mark where a finished piece of HTML goes back in; they are removed from the input
// first, so no text can forge one.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKERS = /[\uE000\uE001]/g;
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/**
 * Slack's emphasis rules, on text already escaped: a marker opens after a non-word character and before a
 * non-space, and closes before a non-word character, so snake_case and 2*3*4 stay as typed.
 */
const STYLES: [RegExp, string][] = [
  [/(^|[^\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])/g, 'strong'],
  [/(^|[^\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])/g, 'em'],
  [/(^|[^\w~])~(?!\s)([^~\n]+?)(?<!\s)~(?![\w~])/g, 'del'],
];

function mention(kind: '@' | '#', inner: string, names: Names): string {
  const [id = '', label] = inner.split('|', 2);
  const known = kind === '@' ? names.users.get(id) : names.channels.get(id);
  const shown = known ?? (label ? decodeSlackEntities(label).replace(/^[@#]/, '') : id);
  return `<span class="bk-mention">${kind}${escapeHtml(shown)}</span>`;
}

function special(inner: string, whole: string, names: Names): string {
  if (inner.startsWith('@')) return mention('@', inner.slice(1), names);
  if (inner.startsWith('#')) return mention('#', inner.slice(1), names);
  if (inner.startsWith('!')) {
    const [command = '', label] = inner.slice(1).split('|', 2);
    const [name = '', id] = command.split('^');
    if (['here', 'channel', 'everyone'].includes(name)) return `<span class="bk-mention">@${name}</span>`;
    if (name === 'subteam')
      return `<span class="bk-mention">${escapeHtml(decodeSlackEntities(label ?? `@${id ?? ''}`))}</span>`;
    if (label !== undefined) return escapeHtml(decodeSlackEntities(label));
  }
  const bar = inner.indexOf('|');
  const url = decodeSlackEntities(bar === -1 ? inner : inner.slice(0, bar));
  const label = bar === -1 ? url : decodeSlackEntities(inner.slice(bar + 1));
  if (!isWebUrl(url)) return escapeHtml(decodeSlackEntities(whole));
  return `<a class="bk-link" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label)}</a>`;
}

function inline(text: string, names: Names): string {
  const pieces: string[] = [];
  const keep = (html: string) => `${OPEN}${pieces.push(html) - 1}${CLOSE}`;
  let marked = text.replace(/`([^`\n]+)`/g, (_, code: string) =>
    keep(`<code class="bk-code">${escapeHtml(decodeSlackEntities(code))}</code>`),
  );
  marked = marked.replace(/<([^<>\n]*)>/g, (whole: string, inner: string) =>
    keep(special(inner, whole, names)),
  );
  let html = escapeHtml(decodeSlackEntities(marked));
  for (const [pattern, tag] of STYLES) html = html.replace(pattern, `$1<${tag}>$2</${tag}>`);
  html = replaceEmoji(html).replace(/\n/g, '<br>');
  return html.replace(PLACEHOLDER, (_, index: string) => pieces[Number(index)] ?? '');
}

/**
 * Slack mrkdwn to HTML. Every character of the input ends up escaped, inside markup this function chose:
 * text can style itself, link to a web page and mention people, and nothing more.
 */
export function mrkdwnToHtml(source: string, names: Names): string {
  const parts = source.replace(MARKERS, '').split(/```([\s\S]*?)```/);
  return parts
    .map((part, index) =>
      index % 2 === 1
        ? `<pre class="bk-pre">${escapeHtml(decodeSlackEntities(part.replace(/^\n|\n$/g, '')))}</pre>`
        : inline(part, names),
    )
    .join('');
}
