import type { UsageProblem } from '../../keys/command';
import type { Refusal } from '../../keys/outcome';
import { code } from './format';

/** The words people see when something is refused. Tests assert on these constants. */
export const USAGE_LINE =
  'Usage: `/keys help | list [USER] | last-used KEY_ID | create [USER] | activate KEY_ID | deactivate KEY_ID | delete KEY_ID [reason] | rotate [USER] | stale | approvals | audit [USER | KEY_ID]`';
export const NOT_ALLOWED = "You don't have the right to do that. Ask an admin of Keywarden if you need it.";
export const NO_IDENTITY =
  'Your Slack account is not mapped to an IAM user, so there is nothing of yours to show. Name a user: `/keys list USER`.';
export const IAM_THROTTLED = 'AWS IAM is throttling requests right now. Nothing was changed; please try again in a minute.';
export const IAM_DENIED = "Keywarden's AWS credentials are not allowed to do that in IAM. Nothing was changed.";
export const IAM_UNAVAILABLE = 'AWS IAM could not be reached. Nothing was changed; please try again shortly.';
export const SOMETHING_WENT_WRONG = 'Something went wrong on our side, and it has been logged. Nothing was changed.';

export function noSuchUser(user: string): string {
  return `There is no IAM user ${code(user)}.`;
}

export function noSuchKey(keyId: string): string {
  return `There is no access key ${code(keyId)} in this account.`;
}

export function refusalText(refusal: Refusal): string {
  switch (refusal.reason) {
    case 'not-allowed':
      return NOT_ALLOWED;
    case 'no-identity':
      return NO_IDENTITY;
    case 'unmapped-slack-user':
      return `<@${refusal.slackUser}> is not mapped to an IAM user. Name the IAM user instead.`;
    case 'no-such-user':
      return noSuchUser(refusal.user);
    case 'no-such-key':
      return noSuchKey(refusal.keyId);
    case 'iam-throttled':
      return IAM_THROTTLED;
    case 'iam-denied':
      return IAM_DENIED;
    case 'iam-unavailable':
      return IAM_UNAVAILABLE;
  }
}

/** Echoed input is cut short and shown as code, so hostile text is neither long nor live. */
export function usageProblemText(usage: UsageProblem): string {
  switch (usage.problem) {
    case 'too-long':
      return 'That command is too long.';
    case 'control-characters':
      return 'That command contains control characters.';
    case 'unknown-subcommand':
      return `Unknown subcommand ${code(usage.word)}.`;
    case 'missing-argument':
      return `Missing ${usage.expected}.`;
    case 'bad-user':
      return `${code(usage.text.slice(0, 64))} is not a valid IAM user name.`;
    case 'bad-key-id':
      return `${code(usage.text.slice(0, 128))} is not a valid access key id.`;
    case 'too-many-arguments':
      return `Too many arguments for \`${usage.subcommand}\`.`;
    case 'reason-too-long':
      return 'The reason is too long (300 characters at most).';
  }
}
