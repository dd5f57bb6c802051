import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { CredentialReportScanner } from '../../platform/aws/credential-report-scanner';
import type { Account } from '../../kernel/accounts';
import type { Caller } from '../../kernel/ports/accounts';
import type { Actor } from '../../kernel/authorization';
import { ListingScanner } from '../../platform/aws/listing-scanner';
import { PacedKeyListing } from '../../platform/aws/paced-key-listing';
import { KeyIdLookup, type KeyNaming } from './domain/key-id-lookup';
import { OwnerNudges } from './domain/owner-nudges';
import { shownRowsReconciler } from './domain/shown-rows-reconciler';
import { NudgeOnDemand } from './domain/nudge-on-demand';
import {
  DEFAULT_LEASE_MS,
  ScheduledReports,
  type RunResult,
  type ScheduledReportsDeps,
} from './domain/scheduled-reports';
import { createReportActionsDomain } from './domain/create-report-actions';
import { StaleReportService } from './domain/stale-report-service';
import { Auditor } from '../../kernel/auditor';
import { asSlackUserId } from '../../kernel/types';
import { boltLogger } from '../../platform/bolt/bolt-logger';
import { scheduleReports } from './domain/report-schedules';
import { MAX_IGNORED_SHOWN, MAX_KEYS_SHOWN } from './slack/stale-report';
import { staleReply, type StaleCommandDeps } from './slack/stale-command';
import { shareCsv } from '../../platform/slack/csv-file';
import { openDm } from '../../platform/slack/dm';
import type { Reply } from '../../platform/slack/blocks/primitives';
import { createReportClient, SlackReportPublisher } from './slack/slack-report-publisher';
import { SlackOwnerNotifier } from './slack/slack-owner-notifier';
import { DynamoNudgeLedger } from './store/dynamo-nudge-ledger';
import { DynamoRunClaims } from '../../platform/store/dynamo-run-claims';
import { DynamoSnoozeStore } from './store/dynamo-snooze-store';
import { DynamoRunLeases } from './store/dynamo-run-leases';
import { DynamoRunAccounts } from './store/dynamo-run-accounts';
import { DynamoReportsPresence } from './store/dynamo-reports-presence';
import type { FeatureContext, SlackSurfaces } from '../../platform/feature-context';
import type { KeysApi } from '../keys';
import type { ApprovalsApi } from '../approvals';
import type { RotationApi } from '../rotation';
import { installReportListeners } from './slack/install-listeners';

/** Told what each posted run produced (App Home registers itself). */
export type RunRecorder = NonNullable<ScheduledReportsDeps['lastRuns']>;

export interface ReportsApi {
  /** `/keys stale`: the report now, for admins. */
  stale(actor: Actor): Promise<Reply>;
  /** An admin's "run now": entry `index` scanned and posted at once, without a claim. */
  runNow(slackUserId: string, index: number): Promise<RunResult | 'not-allowed'>;
  /** Registers who is told of each posted run. */
  onRunPosted(recorder: RunRecorder): void;
  /**
   * At start, before the schedules: marks this replica present, and gives each run due while no
   * replica ran as work to run (a scan can take minutes: the app runs them in the background).
   */
  catchUp(): Promise<(() => Promise<RunResult>)[]>;
  /** Retry waits of runs in flight are abandoned (the app drains the runs themselves). */
  stop(): void;
}

/**
 * Stale-key reports: on their schedules from the start (the scheduler runs once the app starts),
 * `/keys stale`, the report's and the owners' nudge buttons, and the snooze form.
 */
export function install(
  slack: SlackSurfaces,
  context: FeatureContext,
  lower: { keys: KeysApi; approvals: ApprovalsApi; rotation: RotationApi },
  options: { runLeaseMs?: number } = {},
): ReportsApi {
  const leaseMs = options.runLeaseMs ?? DEFAULT_LEASE_MS;
  const { config, clock, audit, accounts, store } = context;
  const { policy } = config;
  const log = context.log.child({ component: 'stale-reports' });
  const auditor = new Auditor(audit, clock, log);
  const corrupt = (error: unknown) =>
    log.error({ err: error }, 'a snooze or nudge item in the table is not one Keywarden wrote; skipped');
  const snoozeStore = new DynamoSnoozeStore(store.doc, store.tableName, corrupt);
  const reportClient = createReportClient({
    botToken: config.slack.botToken,
    apiUrl: config.slack.apiUrl,
    logger: boltLogger(log),
    shared: context.slackClientOptions,
  });
  // The keys the DMs and the messages name are looked up as the scans run, paced: as keywarden, or as
  // the admin who clicked (a listing of their own for that run: a few rows, the ones on screen).
  const listing = new PacedKeyListing((account) => accounts.clients(account, 'system').singleAttempt);
  const listingAs = (caller: Caller) =>
    caller === 'system'
      ? listing
      : new PacedKeyListing((account) => accounts.clients(account, caller).singleAttempt);
  const keyNaming: KeyNaming = {
    lookup: (caller = 'system') =>
      new KeyIdLookup({ listing: listingAs(caller), accounts: accounts.all(), log }),
    shown: { rows: MAX_KEYS_SHOWN, ignored: MAX_IGNORED_SHOWN },
    reconcile: shownRowsReconciler({ trail: audit, people: context.people, log }),
  };
  const service = new StaleReportService({
    // Read at each report: organization discovery replaces the managed set on every refresh.
    get accounts() {
      return accounts.all();
    },
    scanners: (account: Account, caller: Caller, pressure) => {
      // As keywarden on a schedule; as the admin on their /keys stale or Run now.
      const clients = accounts.clients(account, caller);
      return {
        // One attempt per call: the scanner retries and backs off itself, and tells of each throttle.
        credentialReport: new CredentialReportScanner(clients.singleAttempt, {
          onThrottle: () => pressure.throttled(),
        }),
        // One attempt per call: the listing paces and retries itself (see PacedCalls).
        listing: new ListingScanner(clients.singleAttempt),
      };
    },
    exempt: policy.exempt.users,
    maxConcurrentAccounts: policy.scanning.maxConcurrentAccounts,
    audit,
    clock,
    log,
    snoozes: snoozeStore,
    keyNaming,
  });
  const nudgeLedger = new DynamoNudgeLedger(store.doc, store.tableName, corrupt);
  const ownerNotifier = new SlackOwnerNotifier(reportClient, clock);
  const recorders: RunRecorder[] = [];
  const runs = new ScheduledReports({
    entries: policy.reports,
    service,
    claims: new DynamoRunClaims(store.doc, store.tableName),
    leases: {
      runs: new DynamoRunLeases(store.doc, store.tableName),
      accounts: new DynamoRunAccounts(store.doc, store.tableName, corrupt),
      leaseMs,
    },
    publisher: new SlackReportPublisher(reportClient, clock, policy.reports),
    nudges: new OwnerNudges({
      people: context.people,
      ledger: nudgeLedger,
      notifier: ownerNotifier,
      audit,
      clock,
      log,
    }),
    audit,
    clock,
    log,
    instance: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    lastRuns: {
      ran: async (index, report) => {
        for (const recorder of recorders) await recorder.ran(index, report);
      },
    },
    keyNaming,
    catchUp: {
      presence: new DynamoReportsPresence(store.doc, store.tableName),
      lastDue: (entry, at) => context.scheduler.lastDue(entry, at),
    },
  });
  scheduleReports(context.scheduler, policy.reports, (index, scheduledAt) =>
    runs.runScheduled(index, scheduledAt),
  );
  // A run another replica claimed and did not finish (a crash, a deploy) is finished here; the sweep
  // also marks this replica present (see catchUp).
  if (policy.reports.length > 0) {
    context.scheduler.every('report sweep', leaseMs / 2, () => runs.sweep());
  }
  const { staleActions, snoozes } = createReportActionsDomain({
    accounts,
    commands: lower.keys.commands,
    approvals: lower.approvals.service,
    audit,
    clock,
    log,
    reports: policy.reports,
    exempt: policy.exempt.users,
    snoozes: snoozeStore,
  });
  installReportListeners(slack, {
    staleActions,
    snoozes,
    approvals: lower.approvals,
    rotation: lower.rotation.rotation,
    nudges: new NudgeOnDemand({
      actions: staleActions,
      people: context.people,
      ledger: nudgeLedger,
      notifier: ownerNotifier,
      reports: policy.reports,
      audit,
      clock,
      log,
    }),
    clock,
    // As `/keys rotate`: Request deletion of the older key only where deletions can be approved.
    deletionButton: policy.approvals?.channel !== undefined,
  });
  const command: StaleCommandDeps = {
    service,
    reports: policy.reports,
    // The app's client: the file an admin asked for with `/keys stale` is an answer to a person.
    shareWith: async (user, file) =>
      shareCsv(context.client, { channelId: await openDm(context.client, user), ...file }),
    clock,
    log,
  };
  return {
    stale: (actor) => staleReply(command, actor),
    runNow: async (userId, index) => {
      const slackUserId = asSlackUserId(userId);
      const actor = slackUserId ? await context.people.actor(slackUserId) : undefined;
      if (!slackUserId || !actor?.isAdmin) {
        await auditor.record(slackUserId ?? 'system', 'report', 'refused', {
          detail: 'run now: not-allowed',
        });
        return 'not-allowed';
      }
      return runs.runNow(index, slackUserId);
    },
    onRunPosted: (recorder) => void recorders.push(recorder),
    catchUp: async () => (await runs.catchUp()).map((missed) => () => runs.runMissed(missed)),
    stop: () => runs.stop(),
  };
}

export type { RunResult } from './domain/scheduled-reports';
export type { ReportsRefusal } from './domain/refusals';
