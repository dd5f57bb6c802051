import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { WebClient } from '@slack/web-api';
import { CredentialReportScanner } from '../../platform/aws/credential-report-scanner';
import type { SdkIamAccounts } from '../../platform/aws/iam-accounts';
import type { Account } from '../../kernel/accounts';
import { ListingScanner } from '../../platform/aws/listing-scanner';
import { PacedKeyListing } from '../../platform/aws/paced-key-listing';
import type { Config } from '../../platform/config';
import type { ApprovalService } from '../approvals/domain/approval-service';
import type { AuditLog } from '../../kernel/ports/audit-log';
import type { KeyCommands } from '../keys/domain/key-commands';
import { KeyIdLookup, type KeyNaming } from './domain/key-id-lookup';
import { KeySnoozes } from './domain/key-snoozes';
import { OwnerNudges } from './domain/owner-nudges';
import { ScheduledReports, type RunResult, type ScheduledReportsDeps } from './domain/scheduled-reports';
import { StaleKeyActions } from './domain/stale-key-actions';
import { StaleReportService } from './domain/stale-report-service';
import { Auditor } from '../../kernel/auditor';
import { asSlackUserId, type Clock } from '../../kernel/types';
import type { Logger } from '../../platform/logger';
import { boltLogger } from '../../platform/bolt/bolt-logger';
import type { People } from '../../kernel/ports/people';
import type { Scheduler } from '../../kernel/ports/scheduler';
import { scheduleReports } from './domain/report-schedules';
import { MAX_IGNORED_SHOWN, MAX_KEYS_SHOWN } from './slack/stale-report';
import type { StaleCommandDeps } from './slack/stale-command';
import { shareCsv } from '../../platform/slack/csv-file';
import { openDm } from '../../platform/slack/dm';
import { createReportClient, SlackReportPublisher } from './slack/slack-report-publisher';
import { SlackOwnerNotifier } from './slack/slack-owner-notifier';
import { DynamoNudgeLedger } from './store/dynamo-nudge-ledger';
import { DynamoRunClaims } from '../../platform/store/dynamo-run-claims';
import { DynamoSnoozeStore } from './store/dynamo-snooze-store';
import type { OpenStore } from '../../platform/store/open-store';

export interface StaleReportsOptions {
  config: Config;
  accounts: SdkIamAccounts;
  commands: KeyCommands;
  approvals: ApprovalService;
  audit: AuditLog;
  store: OpenStore;
  /** The app's client: the file an admin asked for with `/keys stale` is an answer to a person. */
  client: WebClient;
  people: People;
  scheduler: Scheduler;
  /** Told what each posted run produced, for App Home. */
  lastRuns?: ScheduledReportsDeps['lastRuns'];
  clock: Clock;
  log: Logger;
}

export interface StaleReports {
  command: StaleCommandDeps;
  actions: StaleKeyActions;
  /** Owners' "not now" for a stale key, from their nudge DM. */
  snoozes: KeySnoozes;
  /** An admin's "run now": entry `index` scanned and posted at once, without a claim. */
  runNow(slackUserId: string, index: number): Promise<RunResult | 'not-allowed'>;
  /** Retry waits of runs in flight are abandoned (the app drains the runs themselves). */
  stop(): void;
}

/** Builds the stale-key report feature once, for the composition root to wire: on its schedules from the start. */
export function createReportsFeature(options: StaleReportsOptions): StaleReports {
  const { config, clock, audit } = options;
  const { policy } = config;
  const log = options.log.child({ component: 'stale-reports' });
  const auditor = new Auditor(audit, clock, log);
  const corrupt = (error: unknown) =>
    log.error({ err: error }, 'a snooze or nudge item in the table is not one Keywarden wrote; skipped');
  const snoozeStore = new DynamoSnoozeStore(options.store.doc, options.store.tableName, corrupt);
  const reportClient = createReportClient({
    botToken: config.slack.botToken,
    apiUrl: config.slack.apiUrl,
    logger: boltLogger(log),
  });
  // The keys the DMs and the messages name are looked up as the scans run: as keywarden, paced.
  const listing = new PacedKeyListing((account) => options.accounts.clients(account, 'system').singleAttempt);
  const keyNaming: KeyNaming = {
    lookup: () => new KeyIdLookup({ listing, accounts: options.accounts.all(), log }),
    shown: { rows: MAX_KEYS_SHOWN, ignored: MAX_IGNORED_SHOWN },
  };
  const service = new StaleReportService({
    accounts: options.accounts.all(),
    scanners: (account: Account) => {
      // A scan is work nobody clicked, even on an admin's /keys stale: it runs as keywarden.
      const clients = options.accounts.clients(account, 'system');
      return {
        credentialReport: new CredentialReportScanner(clients.standard),
        // One attempt per call: the listing paces and retries itself (see PacedCalls).
        listing: new ListingScanner(clients.singleAttempt),
      };
    },
    exempt: policy.exempt.users,
    audit,
    clock,
    log,
    snoozes: snoozeStore,
    keyNaming,
  });
  const runs = new ScheduledReports({
    entries: policy.reports,
    service,
    claims: new DynamoRunClaims(options.store.doc, options.store.tableName),
    publisher: new SlackReportPublisher(reportClient, clock),
    nudges: new OwnerNudges({
      people: options.people,
      ledger: new DynamoNudgeLedger(options.store.doc, options.store.tableName, corrupt),
      notifier: new SlackOwnerNotifier(reportClient, clock),
      audit,
      clock,
      log,
    }),
    audit,
    clock,
    log,
    instance: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    lastRuns: options.lastRuns,
    keyNaming,
  });
  scheduleReports(options.scheduler, policy.reports, (index, scheduledAt) =>
    runs.runScheduled(index, scheduledAt),
  );
  return {
    command: {
      service,
      reports: policy.reports,
      shareWith: async (user, file) =>
        shareCsv(options.client, { channelId: await openDm(options.client, user), ...file }),
      clock,
      log,
    },
    actions: new StaleKeyActions({
      accounts: options.accounts,
      commands: options.commands,
      approvals: options.approvals,
      audit,
      clock,
      log,
      reports: policy.reports,
      exempt: policy.exempt.users,
    }),
    snoozes: new KeySnoozes({ accounts: options.accounts, store: snoozeStore, audit, clock, log }),
    runNow: async (userId, index) => {
      const slackUserId = asSlackUserId(userId);
      const actor = slackUserId ? await options.people.actor(slackUserId) : undefined;
      if (!slackUserId || !actor?.isAdmin) {
        await auditor.record(slackUserId ?? 'system', 'report', 'refused', {
          detail: 'run now: not-allowed',
        });
        return 'not-allowed';
      }
      return runs.runNow(index);
    },
    stop: () => runs.stop(),
  };
}
