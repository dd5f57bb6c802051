// One escape for the bot's own pages (the step-up's), the sandbox IdP's and this page's.
export { escapeHtml } from '../../../../src/platform/http/escape-html';

/** Slack escapes exactly these three in message text; everything else arrives as typed. */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Only web links become links: javascript:, data: and the like stay text. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url);
}
