import { blocksToHtml } from './blocks';
import { escapeHtml } from './escape';
import { mrkdwnToHtml } from './mrkdwn';
import type { Names } from './names';

export interface MessageInput {
  ts: string;
  channel: string;
  user: string;
  text?: string;
  blocks?: unknown[];
  ephemeral: boolean;
  edited: boolean;
  files: { id: string; name: string; title?: string; url: string }[];
}

export interface MessageContext {
  names: Names;
  botUserId: string;
}

export const ONLY_VISIBLE_TO_YOU = 'Only visible to you';

/** HH:MM in UTC, like the bot's own dates, so the page reads the same wherever it is opened. */
export function timeOf(ts: string): { iso: string; shown: string } {
  const seconds = Number(ts.split('.')[0]);
  const date = new Date(Number.isFinite(seconds) ? seconds * 1000 : 0);
  const iso = date.toISOString();
  return { iso, shown: `${iso.slice(11, 16)} UTC` };
}

function filesToHtml(files: MessageInput['files']): string {
  if (files.length === 0) return '';
  const items = files.map((file) => {
    const label = escapeHtml(file.title ?? file.name);
    // Only the page server's own download path; a link elsewhere is shown as a name.
    const link = /^\/files\/[\w%.-]+\/[^\s"'<>]+$/.test(file.url)
      ? `<a class="message-file-link" href="${escapeHtml(file.url)}" download="${escapeHtml(file.name)}">Download ${label}</a>`
      : '';
    return `<li class="message-file"><span class="message-file-name">${label}</span> ${link}</li>`;
  });
  return `<ul class="message-files">${items.join('')}</ul>`;
}

/** One message as the signed-in person sees it: author, time, the ephemeral and edited marks, body, files. */
export function messageToHtml(message: MessageInput, context: MessageContext): string {
  const author = context.names.users.get(message.user) ?? message.user;
  const isBot = message.user === context.botUserId;
  const time = timeOf(message.ts);
  const body =
    message.blocks && message.blocks.length > 0
      ? blocksToHtml(message.blocks, context.names)
      : `<div class="bk-text">${mrkdwnToHtml(message.text ?? '', context.names)}</div>`;
  const classes = ['message', message.ephemeral ? 'message-ephemeral' : ''].filter(Boolean).join(' ');
  return (
    `<article class="${classes}" data-ts="${escapeHtml(message.ts)}" data-channel="${escapeHtml(message.channel)}"` +
    ` aria-label="Message from ${escapeHtml(author)}">` +
    `<header class="message-meta"><span class="message-author">${escapeHtml(author)}</span>` +
    (isBot ? '<span class="message-app">APP</span>' : '') +
    `<time class="message-time" datetime="${time.iso}">${time.shown}</time>` +
    (message.edited ? '<span class="message-edited">(edited)</span>' : '') +
    `</header>` +
    (message.ephemeral ? `<p class="message-ephemeral-note">${ONLY_VISIBLE_TO_YOU}</p>` : '') +
    `<div class="message-body">${body}</div>` +
    filesToHtml(message.files) +
    `</article>`
  );
}
