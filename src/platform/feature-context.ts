import type { WebClient } from '@slack/web-api';
import type { Config } from './config';
import type { AuditLog } from '../kernel/ports/audit-log';
import type { SdkIamAccounts } from './aws/iam-accounts';
import type { People } from '../kernel/ports/people';
import type { Clock } from '../kernel/types';
import type { Logger } from './logger';
import type { OpenStore } from './store/open-store';

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
  clock: Clock;
  log: Logger;
}
