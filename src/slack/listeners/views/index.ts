import type { App } from '@slack/bolt';
import { DECISION_CALLBACK } from '../../blocks/decision-modal';
import { SNOOZE_CALLBACK_ID } from '../../blocks/snooze-modal';
import { decisionView, type DecisionViewDeps } from './decision';
import { snoozeSubmission, type SnoozeViewDeps } from './snooze';

export type ViewDeps = DecisionViewDeps & SnoozeViewDeps;

/** Modal submissions, by callback id. */
export function registerViews(app: App, deps: ViewDeps): void {
  app.view(DECISION_CALLBACK, decisionView(deps));
  app.view(SNOOZE_CALLBACK_ID, snoozeSubmission(deps));
}
