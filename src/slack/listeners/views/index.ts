import type { App } from '@slack/bolt';
import { DECISION_CALLBACK } from '../../blocks/decision-modal';
import { DELETION_REASON_CALLBACK } from '../../blocks/deletion-reason-modal';
import { SNOOZE_CALLBACK_ID } from '../../blocks/snooze-modal';
import { decisionView, type DecisionViewDeps } from './decision';
import { deletionReasonView, type DeletionReasonViewDeps } from './deletion-reason';
import { snoozeSubmission, type SnoozeViewDeps } from './snooze';

export type ViewDeps = DecisionViewDeps & SnoozeViewDeps & DeletionReasonViewDeps;

/** Modal submissions, by callback id. */
export function registerViews(app: App, deps: ViewDeps): void {
  app.view(DECISION_CALLBACK, decisionView(deps));
  app.view(SNOOZE_CALLBACK_ID, snoozeSubmission(deps));
  app.view(DELETION_REASON_CALLBACK, deletionReasonView(deps));
}
