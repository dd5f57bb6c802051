import type { App } from '@slack/bolt';
import { DECISION_CALLBACK } from '../features/approvals/slack/decision-modal';
import { DELETION_REASON_CALLBACK } from '../features/approvals/slack/deletion-reason-modal';
import { SNOOZE_CALLBACK_ID } from '../features/reports/slack/snooze-modal';
import { decisionView, type DecisionViewDeps } from '../features/approvals/slack/decision-submission';
import {
  deletionReasonView,
  type DeletionReasonViewDeps,
} from '../features/approvals/slack/deletion-reason-submission';
import { snoozeSubmission, type SnoozeViewDeps } from '../features/reports/slack/snooze-submission';

export type ViewDeps = DecisionViewDeps & SnoozeViewDeps & DeletionReasonViewDeps;

/** Modal submissions, by callback id. */
export function registerViews(app: App, deps: ViewDeps): void {
  app.view(DECISION_CALLBACK, decisionView(deps));
  app.view(SNOOZE_CALLBACK_ID, snoozeSubmission(deps));
  app.view(DELETION_REASON_CALLBACK, deletionReasonView(deps));
}
