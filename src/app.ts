import { Access } from './platform/access/access';
import { install as installKeys } from './features/keys';
import { createAuditLog, install as installAudit, StreamedAuditLog } from './features/audit';
import { install as installCreation } from './features/creation';
import { install as installApprovals } from './features/approvals';
import { install as installRotation } from './features/rotation';
import { install as installReports } from './features/reports';
import { install as installHome } from './features/home';
import { install as installExposure } from './features/exposure';
import { install as installCommand } from './features/command';
import { install as installOrganization } from './features/organization';
import { install as installWorkflows } from './features/workflows';
import { install as installStepUp, stepUpPaths } from './features/stepup';
import { HttpRoutes } from './platform/bolt/http-routes';
import { CronScheduler } from './platform/process/cron-scheduler';
import { accountsWithoutPersonInCloudTrail, SdkIamAccounts } from './platform/aws/iam-accounts';
import { noPersonInCloudTrailWarning } from './platform/aws/cloudtrail-person-warning';
import { openAuditStream } from './platform/aws/audit-stream';
import { auditStreamDroppedCounter } from './platform/aws/audit-stream/dropped-metric';
import { productVersion } from './platform/process/product-version';
import { codeOf } from './kernel/errors';
import { systemClock } from './kernel/types';
import type { Keywarden, KeywardenOptions } from './keywarden';
import { ActionRouter } from './platform/bolt/action-router';
import { createBoltApp, type BoltApp } from './platform/bolt/bolt-app';
import { requestContext } from './platform/bolt/request-context';
import { InFlight } from './platform/process/in-flight';
import { mirrorSlackConnected, Readiness } from './platform/process/readiness';
import { createReadinessChecks } from './platform/process/dependency-checks';
import { WebApiDirectory } from './platform/slack/web-api-directory';
import { openStore } from './platform/store/open-store';
import { Metrics, reportMetrics } from './platform/metrics/metrics';
import { countingDeletions } from './platform/metrics/audit-metrics';
import { awsCallCounting } from './platform/metrics/aws-call-metrics';
import { slackCallCounting } from './platform/metrics/slack-call-metrics';
import { startMetricsServer } from './platform/metrics/metrics-endpoint';
import type { FeatureContext, SlackSurfaces } from './platform/feature-context';

export type { Keywarden, KeywardenOptions } from './keywarden';

/** How long a stop waits for the audit stream's queue to reach the event bus. */
const AUDIT_STREAM_DRAIN_MS = 5_000;

/** The composition root: the platform is built once, here, then each slice is installed on it, lowest first. */
export async function createKeywarden(options: KeywardenOptions): Promise<Keywarden> {
  const { config, log, clock = systemClock, sweepEveryMs = 60_000 } = options;
  const readiness = new Readiness();
  const inFlight = new InFlight();
  const version = productVersion();
  // KEYWARDEN_METRICS=off: nothing counted, no /metrics (bench:ack measures what counting costs).
  const metrics = config.metrics === false ? undefined : new Metrics({ version });
  const awsPlugins = metrics ? [awsCallCounting(metrics)] : [];
  const store = await openStore({ ...config.store, inMemory: options.inMemoryStore }, log, {
    ...options.dynamo,
    plugins: awsPlugins,
  });
  // Pages slices serve on PORT; Bolt takes their paths now, the slices their handlers at install.
  const routes = new HttpRoutes(stepUpPaths(config), log);
  let bolt: BoltApp;
  try {
    bolt = await createBoltApp({
      slack: config.slack,
      port: config.port,
      host: options.host,
      log,
      readiness,
      metrics,
      metricsOnPort: config.metricsPort === undefined,
      routes,
      client: options.slack,
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const client = bolt.app.client;
  const access = new Access(config.policy, new WebApiDirectory(client), log);
  const accounts = new SdkIamAccounts(config.policy.accounts, { ...options.iam, log, metrics });
  const anonymous = accountsWithoutPersonInCloudTrail(config.policy.accounts);
  if (anonymous.length > 0) {
    log.warn({ accounts: anonymous }, noPersonInCloudTrailWarning(anonymous));
  }
  const scheduler = options.scheduler ?? new CronScheduler(inFlight, log);
  // In the background, so that GET /readyz only reads: probes never become calls to Slack or AWS.
  const readinessChecks = createReadinessChecks({
    mode: bolt.mode,
    slack: config.slack,
    store,
    aws: { credentials: options.iam?.credentials, stsEndpoint: options.iam?.stsEndpoint },
    dependencies: readiness.dependencies,
    log,
    settings: options.readiness,
  });
  if (metrics) mirrorSlackConnected(readiness.dependencies, metrics.slackConnected);
  // KEYWARDEN_AUDIT_EVENT_BUS: each audit event is also queued for that bus; the store stays the record.
  const auditStream = config.auditEventBus
    ? openAuditStream(config.auditEventBus, log, {
        ...options.auditStream,
        plugins: awsPlugins,
        ...(metrics ? { onDropped: auditStreamDroppedCounter(metrics.registry) } : {}),
      })
    : undefined;
  const trail = createAuditLog(store, clock);
  const audit = auditStream
    ? new StreamedAuditLog(trail, auditStream.stream, {
        productVersion: version,
        accountIdOf: (name) => accounts.byName(name)?.id,
      })
    : trail;
  const context: FeatureContext = {
    config,
    accounts,
    people: access,
    audit: metrics ? countingDeletions(audit, metrics) : audit,
    store,
    client,
    slackClientOptions: metrics ? slackCallCounting(metrics, config.slack.apiUrl) : {},
    scheduler,
    clock,
    log,
  };
  // Work in flight is counted first (a drain waits for it); then each request's actor, log and failure answer.
  bolt.app.use(async ({ next }) => {
    await inFlight.track(next);
  });
  bolt.app.use(requestContext(access, log, metrics));

  const slack: SlackSurfaces = { app: bolt.app, buttons: new ActionRouter() };
  const keys = installKeys(slack, context);
  const auditApi = installAudit(slack, context);
  const creation = installCreation(slack, context, { secretTimeoutMs: options.slack?.secretTimeoutMs });
  const approvals = installApprovals(slack, context, { keys });
  const rotation = installRotation(slack, context, { keys, creation, approvals });
  const stepUp = installStepUp(slack, context, { approvals, routes });
  const reports = installReports(
    slack,
    context,
    { keys, approvals, rotation },
    { runLeaseMs: options.reportRunLeaseMs },
  );
  const home = installHome(slack, context, { keys, approvals, rotation, reports });
  const workflows = installWorkflows(slack, context, { keys, approvals });
  if (metrics) {
    metrics.countPendingApprovalsWith(() => approvals.pending.count());
    reports.onRunPosted(reportMetrics(metrics, () => clock.now()));
  }
  const exposure = installExposure(
    slack,
    context,
    { keys, approvals, stepUp },
    { inFlight, metrics, options: options.exposure },
  );
  const organization = installOrganization(
    slack,
    context,
    { home },
    {
      credentials: options.iam?.credentials,
      stsEndpoint: options.iam?.stsEndpoint,
      endpoint: options.organizations?.endpoint,
      metrics,
    },
  );
  installCommand(slack, context, {
    access,
    keys,
    audit: auditApi,
    creation,
    approvals,
    rotation,
    reports,
    exposure,
    organization,
  });
  slack.buttons.register(bolt.app);
  bolt.app.error(async (error) => {
    log.error({ err: error, code: codeOf(error) }, 'unhandled error in a Slack listener');
  });

  // One sweep finishes what crashes and failures left: approvals, failed creates, then workflow runs.
  const sweep = async () => {
    const approvalSweep = await approvals.service.sweep();
    if (Object.values(approvalSweep).some(Boolean)) log.info(approvalSweep, 'approval sweep');
    const cleanupSweep = await creation.sweep();
    if (cleanupSweep.finished || cleanupSweep.open) log.info(cleanupSweep, 'cleanup sweep');
    const stepSweep = await workflows.sweep();
    if (stepSweep.completed) log.info(stepSweep, 'workflow step sweep');
  };
  if (sweepEveryMs > 0) scheduler.every('sweep', sweepEveryMs, sweep);
  let metricsServer: { port: number; close(): Promise<void> } | undefined;

  return {
    bolt,
    readiness,
    metrics,
    inFlight,
    store,
    approvals: approvals.service,
    creation,
    reports,
    workflows,
    async start() {
      // METRICS_PORT: /metrics on a server of its own, up before Slack is, so a scrape sees the start.
      if (metrics && config.metricsPort !== undefined) {
        metricsServer = await startMetricsServer(metrics, {
          port: config.metricsPort,
          host: options.host,
          log,
        });
      }
      // Discovery's first listing: the organization's accounts are managed before anyone is served.
      await inFlight.track(() => organization.start());
      const port = await bolt.start();
      await inFlight.track(sweep).catch((error: unknown) => log.warn({ err: error }, 'first sweep failed'));
      readinessChecks.start();
      readiness.state = 'ready';
      // Reports due while no replica ran: found before the schedules start (a read and a write of the
      // store), then posted in the background, as work a shutdown drains.
      for (const missed of await reports.catchUp()) {
        void inFlight
          .track(missed)
          .catch((error: unknown) => log.error({ err: error }, 'report catch-up failed'));
      }
      scheduler.start();
      exposure.start();
      log.info(
        {
          mode: bolt.mode,
          port,
          metricsPort: metricsServer?.port,
          store: store.embedded ? 'embedded' : store.tableName,
        },
        'keywarden is ready',
      );
      return port;
    },
    async stop(drainMs = 25_000) {
      readiness.state = 'draining';
      readinessChecks.stop();
      scheduler.stop();
      reports.stop();
      // The queue's pending long poll is aborted first: no new message is taken while draining.
      await exposure.stop();
      await bolt.stop();
      const drained = await inFlight.drain(drainMs);
      if (!drained) log.warn({ inFlight: inFlight.count }, 'stopped with work still in flight');
      // What the work just drained audited, and what an outage left queued: sent now, for a bounded time.
      await auditStream?.close(Math.min(drainMs, AUDIT_STREAM_DRAIN_MS));
      exposure.close();
      accounts.close();
      await store.close();
      await metricsServer?.close();
    },
  };
}
