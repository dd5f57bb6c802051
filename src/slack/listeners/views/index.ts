import type { App } from '@slack/bolt';
import { DECISION_CALLBACK } from '../../blocks/decision-modal';
import { decisionView, type DecisionViewDeps } from './decision';

export type ViewDeps = DecisionViewDeps;

/** Modal submissions, by callback id. */
export function registerViews(app: App, deps: ViewDeps): void {
  app.view(DECISION_CALLBACK, decisionView(deps));
}
