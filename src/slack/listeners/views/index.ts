import type { App } from '@slack/bolt';
import { SNOOZE_CALLBACK_ID } from '../../blocks/snooze-modal';
import { snoozeSubmission, type SnoozeViewDeps } from './snooze';

export type ViewDeps = SnoozeViewDeps;

export function registerViews(app: App, deps: ViewDeps): void {
  app.view(SNOOZE_CALLBACK_ID, snoozeSubmission(deps));
}
