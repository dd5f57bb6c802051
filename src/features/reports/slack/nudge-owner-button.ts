import type { NudgeOnDemand } from '../domain/nudge-on-demand';
import type { ButtonListener } from '../../../platform/bolt/action-router';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { outcomeReply } from '../../../platform/slack/blocks/outcome-reply';
import type { Clock } from '../../../kernel/types';
import { parseReportButtonValue } from './report-button';
import { BAD_REPORT_BUTTON, handledLineText } from './stale-texts';
// The words of this slice's refusals, registered for the replies below.
import './texts';

/** What the admin is told when the owner's DM went out. */
export const nudgedText = (owner: string) => `<@${owner}> was nudged about this key in a DM.`;

/** "Nudge owner" on a report line (an option of its menu): the owner's DM about that key, now. */
export function nudgeOwnerButton(nudges: Pick<NudgeOnDemand, 'nudge'>, clock: Clock): ButtonListener {
  return async function nudgeOwner({ actor, user, value, markLine }) {
    const key = parseReportButtonValue(value);
    if (!key) return plainReply(BAD_REPORT_BUTTON);
    const outcome = await nudges.nudge(await actor(), key);
    // The line keeps its menu (the key is as it was); it says who nudged, so nobody nudges twice.
    if (outcome.ok) await markLine(handledLineText('owner-nudged', user, clock.now()), { keepMenu: true });
    return outcomeReply(outcome, ({ owner }) => plainReply(nudgedText(owner)));
  };
}
