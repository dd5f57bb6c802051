import type { ReportsRefusal } from '../domain/refusals';
import {
  accountRenamedText,
  noLongerStaleText,
  REPORTED_KEY_GONE,
  REPORTED_KEY_NOT_ACTIVE,
} from './stale-texts';
import { inlineCodeText } from '../../../platform/slack/blocks/user-text';
import { registerRefusalTexts, type RefusalTexts } from '../../../platform/slack/blocks/refusal-texts';

/** The words of a report button's own refusals (the sentences are in stale-texts.ts). */
export const REPORTS_REFUSAL_TEXTS: RefusalTexts<ReportsRefusal> = {
  'reported-key-gone': () => REPORTED_KEY_GONE,
  'reported-key-not-active': () => REPORTED_KEY_NOT_ACTIVE,
  'reported-key-no-longer-stale': ({ lastUsedAt }) => noLongerStaleText(lastUsedAt),
  'report-account-renamed': ({ account, accountId, nowId }) => accountRenamedText(account, accountId, nowId),
  'owner-not-a-person': ({ owner }) =>
    `No person in Slack is known to own \`${inlineCodeText(owner)}\`, so nobody was nudged.`,
  'owner-already-nudged': ({ owner }) =>
    `The owner of \`${inlineCodeText(owner)}\` was already nudged today; one nudge a day is the rule. Nobody was nudged again.`,
};

registerRefusalTexts(REPORTS_REFUSAL_TEXTS);
