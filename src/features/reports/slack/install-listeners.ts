import type { KeySnoozes } from '../domain/key-snoozes';
import type { StaleKeyActions } from '../domain/stale-key-actions';
import type { ApprovalsApi } from '../../approvals';
import type { KeyRotation } from '../../rotation';
import { outcomeNotice } from '../../../platform/slack/blocks/outcome-reply';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import type { SlackSurfaces } from '../../../platform/feature-context';
import { nudgeButton, nudgeSnoozeButton } from './nudge-buttons';
import { NUDGE_DEACTIVATE_ACTION, NUDGE_ROTATE_ACTION, NUDGE_SNOOZE_ACTION } from './owner-nudge';
import {
  parseReportButtonValue,
  STALE_DEACTIVATE_ACTION,
  STALE_NUDGE_OWNER_ACTION,
  STALE_REQUEST_DELETION_ACTION,
} from './report-button';
import { nudgeOwnerButton } from './nudge-owner-button';
import type { NudgeOnDemand } from '../domain/nudge-on-demand';
import { SNOOZE_CALLBACK_ID } from './snooze-modal';
import { lineChoice, STALE_LINE_MENU_ACTION } from './report-line-menu';
import { snoozeSubmission } from './snooze-submission';
import { staleReportButton } from './stale-report-buttons';
import type { Clock } from '../../../kernel/types';
import { BAD_REPORT_BUTTON } from './stale-texts';

/** The report's buttons, the owners' nudge buttons and snooze form, and the report's Request deletion modal. */
export function installReportListeners(
  slack: SlackSurfaces,
  deps: {
    staleActions: StaleKeyActions;
    snoozes: KeySnoozes;
    approvals: ApprovalsApi;
    rotation: KeyRotation;
    nudges: NudgeOnDemand;
    clock: Clock;
    /** Whether a rotation refused at two keys offers Request deletion of the older key. */
    deletionButton: boolean;
  },
): void {
  const { staleActions, approvals, rotation, clock } = deps;
  slack.buttons.on(STALE_DEACTIVATE_ACTION, staleReportButton('deactivate', staleActions, approvals, clock));
  slack.buttons.on(
    STALE_REQUEST_DELETION_ACTION,
    staleReportButton('request-deletion', staleActions, approvals, clock),
  );
  const nudge = { deletionButton: deps.deletionButton };
  slack.buttons.on(NUDGE_ROTATE_ACTION, nudgeButton('rotate', staleActions, rotation, clock, nudge));
  slack.buttons.on(NUDGE_DEACTIVATE_ACTION, nudgeButton('deactivate', staleActions, rotation, clock, nudge));
  slack.buttons.on(NUDGE_SNOOZE_ACTION, nudgeSnoozeButton);
  // A report line's one menu: each option goes to the listener of the button it replaces.
  slack.buttons.on(STALE_NUDGE_OWNER_ACTION, nudgeOwnerButton(deps.nudges, clock));
  slack.buttons.onOverflow(STALE_LINE_MENU_ACTION, lineChoice);
  slack.app.view(SNOOZE_CALLBACK_ID, snoozeSubmission(deps.snoozes));
  // A report's button names its key by owner, account and creation time (report-button.ts).
  approvals.onDeletionRequested('report', {
    accepts: (target) => parseReportButtonValue(target) !== undefined,
    // The key a line names, for the modal's "Deactivate now" (offered, then confirmed on submit).
    keyOf: async (actor, target) => {
      const reported = parseReportButtonValue(target);
      return reported && staleActions.activeKeyOf(actor, reported);
    },
    request: async (actor, target, reason) => {
      const reported = parseReportButtonValue(target);
      if (!reported) return plainReply(BAD_REPORT_BUTTON);
      return outcomeNotice(
        await staleActions.requestDeletion(actor, reported, reason),
        (request) => approvals.opened(request).text,
      );
    },
  });
}
