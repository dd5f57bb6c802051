/**
 * The one rule for text a person typed (a deletion reason, a decision note, a snooze reason, the
 * `/keys` command itself), wherever it enters: a command, a modal, a button. It is stored, shown to
 * approvers and exported, so it must read as what it is:
 *
 * - no control characters (C0, C1) other than tab, line feed and carriage return, which people type;
 * - no invisible format characters (Unicode Cf: zero-width spaces and joiners, bidi embeddings,
 *   overrides and isolates such as U+202E, the soft hyphen, the BOM, tag characters), nor the line
 *   and paragraph separators: they make text read differently than it is stored;
 * - no unpaired surrogate halves, which are not text at all;
 * - at most `max` UTF-16 units once trimmed, as every entry stores it (what `string.length` counts,
 *   and what the store's schemas check).
 *
 * The characters are checked in the text as it arrived, before any trimming: `trim()` drops a BOM or
 * a line separator at either end, which must be refused wherever it stands, as the command does.
 */

/** A deletion reason or a decision note is kept short: it is shown in a channel and stored. */
export const MAX_REASON_LENGTH = 300;

export type UserTextProblem = 'too-long' | 'control-characters';

// Cc minus tab, LF and CR; Cf; Zl and Zp; lone surrogates (with the u flag, \p{Cs} matches only those).
const FORBIDDEN = /(?![\t\n\r])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'gu');

/** What is wrong with a person's text (as it arrived), or undefined when it may be stored and shown. */
export function userTextProblem(text: string, max: number): UserTextProblem | undefined {
  if (FORBIDDEN.test(text)) return 'control-characters';
  if (text.trim().length > max) return 'too-long';
  return undefined;
}

/**
 * Text stored before this rule held it, made readable for export: each character the rule refuses
 * is written as its code point (`[U+202E]`), so a review sees that it was there and what it was,
 * and a reader is not misled by it.
 */
export function showForbiddenCharacters(text: string): string {
  return text.replace(FORBIDDEN_ALL, (char) => {
    const code = char.codePointAt(0) ?? 0;
    return `[U+${code.toString(16).toUpperCase().padStart(4, '0')}]`;
  });
}
