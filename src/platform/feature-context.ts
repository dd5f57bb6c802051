import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Config } from './config';
import type { AuditLog } from '../kernel/ports/audit-log';
import type { SdkIamAccounts } from './aws/iam-accounts';
import type { People } from '../kernel/ports/people';
import type { Scheduler } from '../kernel/ports/scheduler';
import type { Clock } from '../kernel/types';
import type { Logger } from './logger';
import type { OpenStore } from './store/open-store';
import type { ActionRouter } from './bolt/action-router';
import type { SharedClientOptions } from './slack/web-client-options';

/** What every feature is built from: the adapters the composition root makes once. */
export interface FeatureContext {
  config: Config;
  /** The managed AWS accounts (the adapter itself: features that scan need its clients). */
  accounts: SdkIamAccounts;
  people: People;
  audit: AuditLog;
  store: OpenStore;
  /** The app's Web API client: answers and messages to people. */
  client: WebClient;
  /** Spread into every WebClient a slice builds, so its calls are counted as the app client's are. */
  slackClientOptions: SharedClientOptions;
  /** Timed work (report schedules); started by the app once every slice is installed. */
  scheduler: Scheduler;
  clock: Clock;
  log: Logger;
}

/**
 * Where a slice registers its listeners: commands, modal submissions and events on the app, buttons
 * on the one router (src/platform/bolt/action-router.ts says why there is one).
 */
export interface SlackSurfaces {
  app: App;
  buttons: ActionRouter;
}
