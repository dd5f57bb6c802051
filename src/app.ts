import { Access } from './platform/access/access';
import { install as installKeys } from './features/keys';
import { createAuditLog, install as installAudit } from './features/audit';
import { install as installCreation } from './features/creation';
import { install as installApprovals } from './features/approvals';
import { install as installRotation } from './features/rotation';
import { install as installReports } from './features/reports';
import { install as installHome } from './features/home';
import { install as installCommand } from './features/command';
import { CronScheduler } from './platform/process/cron-scheduler';
import { SdkIamAccounts } from './platform/aws/iam-accounts';
import { codeOf } from './kernel/errors';
import { systemClock } from './kernel/types';
import type { Keywarden, KeywardenOptions } from './keywarden';
import { ActionRouter } from './platform/bolt/action-router';
import { createBoltApp, type BoltApp } from './platform/bolt/bolt-app';
import { requestContext } from './platform/bolt/request-context';
import { InFlight } from './platform/process/in-flight';
import { Readiness } from './platform/process/readiness';
import { WebApiDirectory } from './platform/slack/web-api-directory';
import { openStore } from './platform/store/open-store';
import type { FeatureContext, SlackSurfaces } from './platform/feature-context';

export type { Keywarden, KeywardenOptions } from './keywarden';

/** The composition root: the platform is built once, here, then each slice is installed on it, lowest first. */
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
  const scheduler = options.scheduler ?? new CronScheduler(inFlight, log);
  const audit = createAuditLog(store, clock);
  const context: FeatureContext = {
    config,
    accounts,
    people: access,
    audit,
    store,
    client,
    scheduler,
    clock,
    log,
  };
  // Work in flight is counted first (a drain waits for it); then each request's actor, log and failure answer.
  bolt.app.use(async ({ next }) => {
    await inFlight.track(next);
  });
  bolt.app.use(requestContext(access, log));

  const slack: SlackSurfaces = { app: bolt.app, buttons: new ActionRouter() };
  const keys = installKeys(slack, context);
  const auditApi = installAudit(slack, context);
  const creation = installCreation(slack, context, { secretTimeoutMs: options.slack?.secretTimeoutMs });
  const approvals = installApprovals(slack, context);
  const rotation = installRotation(slack, context, { keys, creation, approvals });
  const reports = installReports(slack, context, { keys, approvals, rotation });
  installHome(slack, context, { keys, approvals, rotation, reports });
  installCommand(slack, context, { access, keys, audit: auditApi, creation, approvals, rotation, reports });
  slack.buttons.register(bolt.app);
  bolt.app.error(async (error) => {
    log.error({ err: error, code: codeOf(error) }, 'unhandled error in a Slack listener');
  });

  // One sweep finishes what crashes and failures left: approvals, then failed creates.
  const sweep = async () => {
    const approvalSweep = await approvals.service.sweep();
    if (Object.values(approvalSweep).some(Boolean)) log.info(approvalSweep, 'approval sweep');
    const cleanupSweep = await creation.sweep();
    if (cleanupSweep.finished || cleanupSweep.open) log.info(cleanupSweep, 'cleanup sweep');
  };
  if (sweepEveryMs > 0) scheduler.every('sweep', sweepEveryMs, sweep);

  return {
    bolt,
    readiness,
    inFlight,
    store,
    approvals: approvals.service,
    creation,
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
