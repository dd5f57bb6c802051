import { showForbiddenCharacters } from '../../../kernel/user-text';

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab or CR first; IAM user names may start
 * with several of them) is prefixed with an apostrophe, as OWASP advises for CSV files.
 */
export function inertCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * A cell of text that was stored, possibly before the user-text rule held it (src/kernel/user-text.ts):
 * each control, invisible or direction-changing character is written as its code point (`[U+202E]`),
 * so the file reads as stored and shows what was hidden; then the cell is made inert as above.
 */
export function inertStoredText(text: string): string {
  return inertCell(showForbiddenCharacters(text));
}
