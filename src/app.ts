import { Access } from './platform/access/access';
import type { ApprovalService } from './features/approvals/domain/approval-service';
import type { KeyCreation } from './features/creation/domain/key-creation';
import { createApprovalsFeature } from './features/approvals';
import { createHomeFeature, createReportRuns } from './features/home';
import { createKeysFeature } from './features/keys';
import { createListingsFeature } from './features/command/listings';
import { createReportsFeature, type StaleReports } from './features/reports';
import type { FeatureContext } from './platform/feature-context';
import { CronScheduler } from './platform/process/cron-scheduler';
import type { IamClientOptions } from './platform/aws/iam-client';
import { SdkIamAccounts } from './platform/aws/iam-accounts';
import type { Config } from './platform/config';
import type { Scheduler } from './kernel/ports/scheduler';
import { systemClock, type Clock } from './kernel/types';
import type { Logger } from './platform/logger';
import { createBoltApp, type BoltApp, type BoltAppOptions } from './platform/bolt/bolt-app';
import { InFlight } from './platform/process/in-flight';
import { registerActions } from './wiring/register-actions';
import { registerCommands } from './features/command/slack/register-commands';
import { registerViews } from './wiring/register-views';
import { registerEvents } from './wiring/register-events';
import { Readiness } from './platform/process/readiness';
import { WebApiDirectory } from './platform/slack/web-api-directory';
import { DynamoAuditLog } from './features/audit/store/dynamo-audit-log';
import type { DynamoClientOptions } from './platform/store/dynamo-client';
import { openStore, type OpenStore } from './platform/store/open-store';

export interface KeywardenOptions {
  config: Config;
  log: Logger;
  /** Tests and the sandbox point IAM at a local server; production leaves it to the SDK's own settings. */
  iam?: IamClientOptions & { pageSize?: number; stsEndpoint?: string };
  /** Likewise for a named DynamoDB table; the embedded store needs nothing. */
  dynamo?: DynamoClientOptions;
  /** The Slack clients' timeouts and the app client's retries; unset, production values (tests shorten them). */
  slack?: BoltAppOptions['client'] & { secretTimeoutMs?: number };
  /** Keep the embedded store in memory (tests). */
  inMemoryStore?: boolean;
  clock?: Clock;
  /** The interface the HTTP receiver listens on; the sandbox and tests use 127.0.0.1. Default: every interface. */
  host?: string;
  /** How often the approval sweep runs; 0 turns the timer off (tests call sweep() themselves). */
  sweepEveryMs?: number;
  /** Timed work; default croner's. Tests pass one they fire by hand, to run scheduled reports at will. */
  scheduler?: Scheduler;
}

export interface Keywarden {
  bolt: BoltApp;
  readiness: Readiness;
  inFlight: InFlight;
  store: OpenStore;
  approvals: ApprovalService;
  /** Finishes what failed creates left open (undelivered keys, unclear creates); part of the sweep. */
  creation: KeyCreation;
  /** Stale-key reports: on their schedules once started, and an admin's runNow. */
  reports: StaleReports;
  /** Resolves with the bound HTTP port (HTTP mode). */
  start(): Promise<number | undefined>;
  /** Stops taking work, waits for work in flight (up to drainMs), then releases everything. */
  stop(drainMs?: number): Promise<void>;
}

/** The composition root: every piece is built once, here, and handed to what needs it. */
export async function createKeywarden(options: KeywardenOptions): Promise<Keywarden> {
  const { config, log, clock = systemClock, sweepEveryMs = 60_000 } = options;
  const readiness = new Readiness();
  const inFlight = new InFlight();
  const store = await openStore({ ...config.store, inMemory: options.inMemoryStore }, log, options.dynamo);
  let bolt: BoltApp;
  try {
    bolt = await createBoltApp({
      slack: config.slack,
      port: config.port,
      host: options.host,
      log,
      readiness,
      client: options.slack,
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const client = bolt.app.client;

  const access = new Access(config.policy, new WebApiDirectory(client), log);
  const accounts = new SdkIamAccounts(config.policy.accounts, { ...options.iam, log });
  const context: FeatureContext = {
    config,
    accounts,
    people: access,
    audit: new DynamoAuditLog(store.doc, store.tableName, clock),
    store,
    client,
    clock,
    log,
  };
  const scheduler = options.scheduler ?? new CronScheduler(inFlight, log);
  const approvals = createApprovalsFeature(context);
  const keys = createKeysFeature(context, approvals, { secretTimeoutMs: options.slack?.secretTimeoutMs });
  const reportRuns = createReportRuns(context);
  const reports = createReportsFeature({
    ...context,
    commands: keys.commands,
    approvals,
    scheduler,
    lastRuns: reportRuns.recorder,
  });
  const home = createHomeFeature(context, { keys, approvals, runs: reportRuns.runs });

  // One sweep finishes what crashes and failures left: approvals, then failed creates.
  const sweep = async () => {
    const approvalSweep = await approvals.sweep();
    if (Object.values(approvalSweep).some(Boolean)) log.info(approvalSweep, 'approval sweep');
    const cleanupSweep = await keys.creation.sweep();
    if (cleanupSweep.finished || cleanupSweep.open) log.info(cleanupSweep, 'cleanup sweep');
  };
  if (sweepEveryMs > 0) scheduler.every('sweep', sweepEveryMs, sweep);

  bolt.app.use(async ({ next }) => {
    await inFlight.track(next);
  });
  const deps = {
    access,
    accounts,
    ...keys,
    approvals,
    ...createListingsFeature(context),
    stale: reports.command,
    staleActions: reports.actions,
    snoozes: reports.snoozes,
    approvalsChannel: config.policy.approvals?.channel,
    ...home,
    runReport: reports.runNow,
    clock,
    log,
  };
  registerCommands(bolt.app, deps);
  registerEvents(bolt.app, deps);
  registerActions(bolt.app, deps);
  registerViews(bolt.app, deps);
  bolt.app.error(async (error) => {
    log.error({ err: error, code: (error as { code?: string }).code }, 'unhandled error in a Slack listener');
  });

  return {
    bolt,
    readiness,
    inFlight,
    store,
    approvals,
    creation: keys.creation,
    reports,
    async start() {
      const port = await bolt.start();
      await inFlight.track(sweep).catch((error: unknown) => log.warn({ err: error }, 'first sweep failed'));
      readiness.state = 'ready';
      scheduler.start();
      log.info(
        { mode: bolt.mode, port, store: store.embedded ? 'embedded' : store.tableName },
        'keywarden is ready',
      );
      return port;
    },
    async stop(drainMs = 25_000) {
      readiness.state = 'draining';
      scheduler.stop();
      reports.stop();
      await bolt.stop();
      const drained = await inFlight.drain(drainMs);
      if (!drained) log.warn({ inFlight: inFlight.count }, 'stopped with work still in flight');
      accounts.close();
      await store.close();
    },
  };
}
