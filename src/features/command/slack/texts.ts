import type { UsageProblem } from './parse-keys-command';
import { code } from '../../../platform/slack/blocks/format';

/** The words of `/keys` itself: its usage and what is wrong with a command. Tests assert on these. */
export const USAGE_LINE =
  'Usage: `/keys help | list [USER] | last-used KEY_ID | create [USER] | activate KEY_ID | deactivate KEY_ID | delete KEY_ID [reason] | rotate [USER] | stale | approvals | audit [USER | KEY_ID] | audit export [DAYS] | exposed KEY_ID [reason] | activity KEY_ID [DAYS] | accounts [refresh]`';

/** `audit export abc`: the word after `export` is always the period. */
export function badDaysText(text: string): string {
  return (
    `${code(text)} is not a number of days: \`/keys audit export [DAYS]\` takes 1 to 400 (default 30). ` +
    'To see the trail of an IAM user named "export", name its account: `/keys audit export@ACCOUNT`.'
  );
}

/** Echoed input is cut short and shown as code, so hostile text is neither long nor live. */
export function usageProblemText(usage: UsageProblem): string {
  switch (usage.problem) {
    case 'too-long':
      return 'That command is too long.';
    case 'control-characters':
      return 'That command contains control characters.';
    case 'unknown-subcommand':
      return usage.suggestion
        ? `Unknown subcommand ${code(usage.word)}. Did you mean ${code(usage.suggestion)}?`
        : `Unknown subcommand ${code(usage.word)}.`;
    case 'missing-argument':
      return `Missing ${usage.expected}.`;
    case 'bad-user':
      return `${code(usage.text.slice(0, 64))} is not a valid IAM user name.`;
    case 'bad-key-id':
      return `${code(usage.text.slice(0, 128))} is not a valid access key id.`;
    case 'too-many-arguments':
      return `Too many arguments for \`${usage.subcommand === 'audit-export' ? 'audit export' : usage.subcommand}\`.`;
    case 'reason-too-long':
      return 'The reason is too long (300 characters at most).';
    case 'bad-days':
      return badDaysText(usage.text);
    case 'bad-activity-days':
      return `${code(usage.text)} is not a number of days: \`/keys activity KEY_ID [DAYS]\` takes 1 to 90 (default 7).`;
  }
}
