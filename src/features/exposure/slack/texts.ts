import type { ExposureRefusal } from '../domain/refusals';
import type { ActivityFailure } from '../domain/key-activity';
import { registerRefusalTexts, type RefusalTexts } from '../../../platform/slack/blocks/refusal-texts';

/** The words of the exposure response. Tests assert on these. */
export const EXPOSURE_NOT_CONFIGURED =
  'The policy has no `exposure.channel`, so there is nowhere to run an incident. Nothing was changed.';
export const REACTIVATION_STEP_UP_REQUIRED =
  'Re-activating a leaked key needs a fresh sign-in at the identity provider, which is not set up here. Nothing was changed.';
export const NO_INCIDENT = 'There is no open incident for that key. Nothing was changed.';

export const FAILURE_WORDS: Record<ActivityFailure, string> = {
  throttled: 'throttled (it allows 2 lookups a second); try Refresh activity in a minute',
  denied: 'access denied (the role needs cloudtrail:LookupEvents)',
  unavailable: 'could not be reached',
};

export const NOT_MANAGED_TEXT = (accountId: string) =>
  `Account ${accountId} is not managed by Keywarden: nothing was changed.`;
export const STILL_ACTIVE_TEXT = 'The key is still *Active*: an admin is needed to deactivate it.';
export const QUARANTINE_WARNING =
  'AWS attached an `AWSCompromisedKeyQuarantine` policy to this user: it restricts the user, not just this key, so a replacement key for the same user stays restricted until the policy is removed.';

export const EXPOSURE_REFUSAL_TEXTS: RefusalTexts<ExposureRefusal> = {
  'exposure-not-configured': () => EXPOSURE_NOT_CONFIGURED,
  'no-incident': () => NO_INCIDENT,
  'reactivation-step-up-required': () => REACTIVATION_STEP_UP_REQUIRED,
};

registerRefusalTexts(EXPOSURE_REFUSAL_TEXTS);

export const reactivatedText = (keyId: string) =>
  `Access key \`${keyId}\` is *Active* again; the incident card says who re-activated it and why.`;
