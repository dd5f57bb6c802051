/**
 * Text that Keywarden did not write (a deletion reason, an audit detail, a name or key id echoed back,
 * what IAM says about a key's last use) is shown in channels and DMs inside mrkdwn next to labels that
 * Keywarden did write. Escaping &, < and > alone (what Slack asks for) stops links and mentions, but
 * not the rest of mrkdwn: `reason\n*Owner:* root` would still draw a fake bold Owner field on a line of
 * its own. So such text is made inert here, one way for every builder:
 *
 * - one line: newlines, tabs and other whitespace or control characters collapse to one space, and
 *   invisible format characters (zero-width, bidi overrides) are dropped, so the text cannot start
 *   lines of its own, become a quote, or read differently than it is;
 * - bounded in length, counted in characters before escaping;
 * - &, < and > escaped, so nothing becomes a link (<http://..|..>), a mention (<@U..>, <!here>,
 *   <!channel>) or a channel link (<#C..>);
 * - the emphasis and code markers (*, _, ~, ` and their full-width forms, which Slack also reads) are
 *   replaced by look-alikes that mrkdwn has no meaning for. Slack has no escape for them, and the
 *   zero-width tricks do the opposite of what is needed: Slack takes a zero-width space as a word
 *   boundary, which lets a marker inside a word start formatting (jsx-slack's "exact mode" relies on
 *   it). Look-alikes are certain, and a reader sees the same text;
 * - a leading > (a quote only at the start of a line) gets an invisible soft hyphen before it.
 *
 * Bare URLs and #channel names are auto-linked only in mrkdwn objects without `verbatim: true`; the
 * primitives set it on every mrkdwn object, so this text needs no more than the above.
 */

const LOOK_ALIKES: Record<string, string> = {
  '*': '\u2217', // ∗ asterisk operator
  '\uFF0A': '\uFE61', // ＊ -> ﹡ small asterisk
  _: '\u02CD', // ˍ modifier letter low macron
  '\uFF3F': '\u2E0F', // ＿ -> ⸏ paragraphos
  '~': '\u223C', // ∼ tilde operator
  '\uFF5E': '\u223C', // ～ -> ∼
  '`': '\u02CB', // ˋ modifier letter grave accent
  '\uFF40': '\u02CB', // ｀ -> ˋ
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};
const SPECIAL = /[*\uFF0A_\uFF3F~\uFF5E`\uFF40&<>]/g;
const CODE_SPECIAL = /[`\uFF40&<>]/g;
// Invisible format characters (Cf: zero-width spaces and joiners, bidi controls, soft hyphens, BOM).
const INVISIBLE = /\p{Cf}/gu;
// Whitespace, line and paragraph separators, and every other control character.
const BREAKS = /[\s\p{Cc}\p{Zl}\p{Zp}]+/gu;
const SOFT_HYPHEN = '\u00AD';

/** The longest free text a builder shows unless it asks for less. */
export const MAX_INLINE_TEXT = 300;

/** One line of at most `max` characters (code points), with an ellipsis when it was cut. */
export function oneLine(text: string, max = MAX_INLINE_TEXT): string {
  const line = text.replace(INVISIBLE, '').replace(BREAKS, ' ').trim();
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Free text for mrkdwn, shown as typed and unable to format, link or mention anything. */
export function inlineUserText(text: string, max = MAX_INLINE_TEXT): string {
  const inert = oneLine(text, max).replace(SPECIAL, (char) => LOOK_ALIKES[char] ?? char);
  return /^&gt;|^\uFF1E/.test(inert) ? `${SOFT_HYPHEN}${inert}` : inert;
}

/**
 * A name or id for inside a `code` span, where Slack applies no emphasis: only a backtick could end
 * the span early, so only that (and &, <, >) is replaced, and snake_case names read as they are.
 */
export function inlineCodeText(text: string, max = MAX_INLINE_TEXT): string {
  return oneLine(text, max).replace(CODE_SPECIAL, (char) => LOOK_ALIKES[char] ?? char);
}
