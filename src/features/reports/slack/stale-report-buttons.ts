import type { StaleKeyActions } from '../domain/stale-key-actions';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { outcomeReply } from '../../../platform/slack/blocks/outcome-reply';
// The words of this slice's refusals, registered for the replies below.
import './texts';
import { parseReportButtonValue } from './report-button';
import { BAD_REPORT_BUTTON, handledLineText, reportedKeyText } from './stale-texts';
import type { Clock } from '../../../kernel/types';
import { statusChangeBlocks } from '../../keys';
import type { ApprovalsApi } from '../../approvals';
import type { ButtonListener } from '../../../platform/bolt/action-router';

/**
 * Deactivate / Request deletion on a stale-key report. The button names a key by owner and creation
 * time; the domain finds it again, checks it is still stale, and the services check the clicker's rights.
 * Request deletion offers "Deactivate now" as `/keys delete` does (containment first).
 */
export function staleReportButton(
  verb: 'deactivate' | 'request-deletion',
  staleActions: Pick<StaleKeyActions, 'deactivate' | 'requestDeletion'>,
  approvals: Pick<ApprovalsApi, 'askForReason' | 'opened'>,
  clock: Clock,
): ButtonListener {
  return async function actOnStaleKey({ actor, user, value, channel, openModal, markLine }) {
    const key = parseReportButtonValue(value);
    if (!key) return plainReply(BAD_REPORT_BUTTON);
    if (verb === 'deactivate') {
      const outcome = await staleActions.deactivate(await actor(), key);
      if (outcome.ok) await markLine(handledLineText('deactivated', user, clock.now()));
      return outcomeReply(outcome, statusChangeBlocks);
    }
    const about = reportedKeyText(key);
    // The clicker, so the modal offers "Deactivate now" for the line's key (found in IAM first).
    const button = { source: 'report', target: value, channel, about, clicker: actor };
    if (await approvals.askForReason(openModal, button)) return undefined;
    const asker = await actor();
    const outcome = await staleActions.requestDeletion(asker, key);
    if (outcome.ok) await markLine(handledLineText('deletion-requested', user, clock.now()));
    // The asker is named so the answer offers "Deactivate now" where they may turn the key off.
    return outcomeReply(outcome, (request) => approvals.opened(request, asker));
  };
}
