/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab or CR first; IAM user names may start
 * with several of them) is prefixed with an apostrophe, as OWASP advises for CSV files.
 */
export function inertCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
