import type { RunResult } from '../../reports/domain';
import { code } from '../../../platform/slack/blocks/format';

/** Every text a person reads on their Home, asserted by the tests. */
export const HOME_TITLE = 'Keywarden';
export const MY_KEYS_HEADER = 'My access keys';
export const MY_REQUESTS_HEADER = 'My open deletion requests';
export const AWAITING_HEADER = 'Awaiting your approval';
export const REPORTS_HEADER = 'Stale-key reports';

export const STRANGER_HOME =
  'Keywarden manages AWS IAM access keys for this team. No IAM user is mapped to you and you hold no ' +
  'role here, so there is nothing to show. Ask an admin of Keywarden if you need access.';
export const IDENTITY_UNCONFIRMED_HOME =
  'Slack could not confirm who you are just now, so your keys are not shown. Open this tab again in a moment.';
export const UNMAPPED_HOME = 'No IAM user is mapped to you, so you have no access keys of your own here.';
export const HOME_FAILED =
  'Your Home could not be built just now. Nothing was changed; open this tab again in a moment.';
export const NO_OPEN_REQUESTS = 'You have no pending deletion requests.';
export const NOTHING_AWAITING = 'No one is waiting for your approval.';
export const NO_REPORTS = 'No stale-key reports are scheduled in the policy.';
export const REPORT_NEVER_RAN = 'Not run since Keywarden started keeping its runs.';
export const RUN_NOW_STARTED = 'The report is running; this page will show it when it is done.';
export const WITHDRAWN_NOTICE = 'Your deletion request was withdrawn; the key was kept.';
export const OPEN_REQUEST_BUTTON = 'Open request';
/** Why Approve and Reject are not on the Home: the request's own message is where it is decided. */
export const DECIDE_ON_MESSAGE =
  "Approve… and Reject… ask for a note (a reason, to reject); the request's message in the approvals channel shows the decision.";

export function noKeysText(owner: string): string {
  return `You have no access keys (IAM user ${code(owner)}). \`/keys create\` makes one; its secret is shown to you once.`;
}

export function moreKeysText(count: number): string {
  return `…and ${count} more ${count === 1 ? 'key' : 'keys'}, in better shape than those above. \`/keys list\` shows them all.`;
}

export function moreRequestsText(count: number): string {
  return `…and ${count} more. \`/keys approvals\` lists them all.`;
}

export function absentFromText(accounts: string[]): string {
  return `No IAM user of yours in: ${accounts.join(', ')}.`;
}

export function runNowText(result: RunResult | 'not-allowed'): string {
  switch (result) {
    case 'posted':
      return 'The report was run and posted to its channel.';
    case 'not-allowed':
      return 'Only admins can run a report now.';
    case 'stopped':
      return 'Keywarden stopped before the report was posted.';
    default:
      return 'The report could not be run or posted; see the logs. Nothing else was changed.';
  }
}

export const NOT_A_HOME_BUTTON = 'That button is not one Keywarden made. Nothing was changed.';
