import type { StepUpFailure } from '../domain/step-up-result';
import type { StepUpVerb } from '../domain/step-up-ticket';

/**
 * One sentence per way a step-up ends, plain text (no Slack markup): the browser's page shows it
 * and the approver's Slack message says the same. Tests assert on these constants.
 */
export const STEP_UP_FAILURE_TEXTS: Record<StepUpFailure, string> = {
  'unknown-link': 'This verification link is not valid. Nothing was approved.',
  expired:
    'This verification link has expired (links last 5 minutes). Nothing was approved; click Approve again.',
  used: 'This verification link was already used. Nothing more was approved.',
  'forged-state':
    'This sign-in did not come from your verification link, so it was refused. Nothing was approved.',
  'other-browser':
    'This sign-in finished in another browser than the one that opened the link, so it was refused. Nothing was approved.',
  'rate-limited': 'Too many verification attempts: wait a few minutes. Nothing was approved.',
  'idp-unavailable':
    'The identity provider could not be reached. Nothing was approved; try again in a moment.',
  'idp-rejected': 'The identity provider did not confirm the sign-in. Nothing was approved.',
  'weaker-auth':
    'The sign-in did not use the multi-factor authentication the policy requires. Nothing was approved.',
  'stale-auth':
    'The sign-in was not recent enough for the policy: sign in again at the identity provider. Nothing was approved.',
  'wrong-person':
    'Someone other than you signed in at the identity provider, so it was refused. Nothing was approved.',
  'identity-unconfirmed':
    'Slack could not confirm who signed in. Nothing was approved; try again in a moment.',
};

/**
 * The same sentence for a re-activation's ticket: the texts above end by saying nothing was
 * approved; here nothing was re-activated.
 */
export function stepUpFailureText(failure: StepUpFailure, verb?: StepUpVerb): string {
  const text = STEP_UP_FAILURE_TEXTS[failure];
  if (verb !== 'reactivate-exposed') return text;
  return text
    .replace('Nothing more was approved', 'Nothing more was re-activated')
    .replace('Nothing was approved', 'The key was not re-activated');
}

export const STEP_UP_REACTIVATED_PAGE =
  'The key was re-activated. You can close this tab and go back to Slack.';
export const STEP_UP_REACTIVATION_REFUSED_PAGE =
  'You signed in, but the key was not re-activated; Slack tells you why.';

export const STEP_UP_APPROVED_PAGE =
  'Your approval was recorded. You can close this tab and go back to Slack.';
export const STEP_UP_REFUSED_PAGE = 'You signed in, but the approval was not recorded; Slack tells you why.';
export const STEP_UP_ERROR_PAGE = 'Something went wrong. Nothing was approved; try again from Slack.';

export function stepUpPromptText(provider: string, verb: StepUpVerb = 'approve'): string {
  const what = verb === 'approve' ? 'This approval counts' : 'The key is re-activated';
  return `${what} only after you verify with ${provider}. The link works once, for 5 minutes, and only for you.`;
}
