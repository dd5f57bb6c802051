import { Access } from './access/access';
import { createIamClients, type IamClientOptions } from './aws/iam-client';
import { SdkIam } from './aws/iam-adapter';
import type { Config } from './config';
import { ApprovalService } from './keys/approvals/approval-service';
import { AuditQueries } from './keys/audit/audit-queries';
import { KeyCreation } from './keys/creation/key-creation';
import { KeyCommands } from './keys/key-commands';
import { KeyRotation } from './keys/rotation/key-rotation';
import { KeyQueries } from './keys/key-queries';
import { systemClock, type Clock } from './keys/types';
import type { Logger } from './logger';
import { createBoltApp, type BoltApp, type BoltAppOptions } from './slack/bolt-app';
import { InFlight } from './slack/in-flight';
import { registerActions } from './slack/listeners/actions';
import { registerCommands } from './slack/listeners/commands';
import { boltLogger } from './slack/bolt-logger';
import { SlackApprovalNotifier } from './slack/notifiers/approval-notifier';
import { SlackRotationGuide } from './slack/notifiers/slack-rotation-guide';
import { createSecretClient, SlackSecretDelivery } from './slack/notifiers/slack-secret-delivery';
import { Readiness } from './slack/readiness';
import { WebApiDirectory } from './slack/slack-directory';
import { DynamoApprovalStore } from './store/dynamo-approval-store';
import { invitationCodec, rotationCodec } from './store/codecs';
import { DynamoAuditLog } from './store/dynamo-audit-log';
import { DynamoVersionedStore } from './store/dynamo-versioned-store';
import type { DynamoClientOptions } from './store/dynamo-client';
import { openStore, type OpenStore } from './store/open-store';
import { createStaleReports, type StaleReports } from './stale-reports';

export interface KeywardenOptions {
  config: Config;
  log: Logger;
  /** Tests and the sandbox point IAM at a local server; production leaves it to the SDK's own settings. */
  iam?: IamClientOptions & { pageSize?: number };
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
}

export interface Keywarden {
  bolt: BoltApp;
  readiness: Readiness;
  inFlight: InFlight;
  store: OpenStore;
  approvals: ApprovalService;
  /** Stale-key reports: on their schedules once started, and runNow(index) for the sandbox. */
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
  const iamClients = createIamClients(options.iam);
  const iam = new SdkIam(iamClients, { pageSize: options.iam?.pageSize });
  const audit = new DynamoAuditLog(store.doc, store.tableName, clock);
  const approvalsChannel = config.policy.approvals?.channel;
  const approvals = new ApprovalService({
    iam,
    store: new DynamoApprovalStore(store.doc, store.tableName),
    notifier: new SlackApprovalNotifier(client, approvalsChannel ?? '', clock),
    audit,
    clock,
    log,
    policy: config.policy.approvals,
  });

  const commands = new KeyCommands(iam, audit, clock, log);
  const creation = new KeyCreation({
    iam,
    people: access,
    delivery: new SlackSecretDelivery(
      client,
      createSecretClient({
        botToken: config.slack.botToken,
        apiUrl: config.slack.apiUrl,
        logger: boltLogger(log),
        timeoutMs: options.slack?.secretTimeoutMs,
      }),
    ),
    invitations: new DynamoVersionedStore(store.doc, store.tableName, invitationCodec),
    audit,
    clock,
    log,
  });
  const rotation = new KeyRotation({
    iam,
    people: access,
    creation,
    commands,
    approvals,
    rotations: new DynamoVersionedStore(store.doc, store.tableName, rotationCodec),
    guide: new SlackRotationGuide(client, clock),
    audit,
    clock,
    log,
  });

  const reports = createStaleReports({
    config,
    iamClients,
    iam,
    commands,
    approvals,
    audit,
    store,
    client,
    inFlight,
    clock,
    log,
  });

  bolt.app.use(async ({ next }) => {
    await inFlight.track(next);
  });
  const deps = {
    access,
    queries: new KeyQueries(iam),
    commands,
    approvals,
    creation,
    rotation,
    auditQueries: new AuditQueries(audit),
    stale: reports.command,
    staleActions: reports.actions,
    approvalsChannel,
    clock,
    log,
  };
  registerCommands(bolt.app, deps);
  registerActions(bolt.app, deps);
  bolt.app.error(async (error) => {
    log.error({ err: error, code: (error as { code?: string }).code }, 'unhandled error in a Slack listener');
  });

  const sweep = () =>
    inFlight.track(() =>
      approvals.sweep().then(
        (result) => (result.executed || result.expired ? log.info(result, 'approval sweep') : undefined),
        (error: unknown) => log.warn({ err: error }, 'approval sweep failed'),
      ),
    );
  let sweepTimer: NodeJS.Timeout | undefined;

  return {
    bolt,
    readiness,
    inFlight,
    store,
    approvals,
    reports,
    async start() {
      const port = await bolt.start();
      await sweep();
      if (sweepEveryMs > 0) sweepTimer = setInterval(() => void sweep(), sweepEveryMs);
      readiness.state = 'ready';
      reports.start();
      log.info(
        { mode: bolt.mode, port, store: store.embedded ? 'embedded' : store.tableName },
        'keywarden is ready',
      );
      return port;
    },
    async stop(drainMs = 25_000) {
      readiness.state = 'draining';
      reports.stop();
      if (sweepTimer) clearInterval(sweepTimer);
      await bolt.stop();
      const drained = await inFlight.drain(drainMs);
      if (!drained) log.warn({ inFlight: inFlight.count }, 'stopped with work still in flight');
      await store.close();
    },
  };
}
