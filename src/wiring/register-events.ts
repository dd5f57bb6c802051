import type { App } from '@slack/bolt';
import { appHomeOpened, type HomeEventDeps } from '../features/home/slack/app-home-opened';

export type EventDeps = HomeEventDeps;

export function registerEvents(app: App, deps: EventDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
}
