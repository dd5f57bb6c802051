import type { ReportsRefusal } from '../domain/refusals';
import { noLongerStaleText, REPORTED_KEY_GONE, REPORTED_KEY_NOT_ACTIVE } from './stale-texts';
import { registerRefusalTexts, type RefusalTexts } from '../../../platform/slack/blocks/refusal-texts';

/** The words of a report button's own refusals (the sentences are in stale-texts.ts). */
export const REPORTS_REFUSAL_TEXTS: RefusalTexts<ReportsRefusal> = {
  'reported-key-gone': () => REPORTED_KEY_GONE,
  'reported-key-not-active': () => REPORTED_KEY_NOT_ACTIVE,
  'reported-key-no-longer-stale': ({ lastUsedAt }) => noLongerStaleText(lastUsedAt),
};

registerRefusalTexts(REPORTS_REFUSAL_TEXTS);
