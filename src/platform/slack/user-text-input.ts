import { userTextProblem } from '../../kernel/user-text';

/**
 * A modal's text input, checked by the one rule for text people type (src/kernel/user-text.ts), the
 * rule `/keys delete` applies to its reason. Slack's `max_length` is kept only by Slack's own
 * clients: a submission is checked again here, and a refused text is answered under its input.
 */

export const USER_TEXT_NOT_PLAIN =
  'Plain text only: no control, invisible or direction-changing characters (such as U+202E).';

export function userTextTooLong(max: number): string {
  return `At most ${max} characters.`;
}

/** What to show under the input, or undefined when the text may be used. */
export function userTextInputError(text: string, max: number): string | undefined {
  switch (userTextProblem(text, max)) {
    case 'too-long':
      return userTextTooLong(max);
    case 'control-characters':
      return USER_TEXT_NOT_PLAIN;
    case undefined:
      return undefined;
  }
}
