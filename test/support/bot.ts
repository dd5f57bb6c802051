import { Writable } from 'node:stream';
import { createKeywarden, type Keywarden, type KeywardenOptions } from '../../src/app';
import type { IamClientOptions } from '../../src/platform/aws/iam-client';
import { parsePolicy, type Config } from '../../src/platform/config';
import type { Clock } from '../../src/kernel/types';
import { createLogger } from '../../src/platform/logger';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import { IamState, startIamServer, type IamServer } from '../../sandbox/iam';
import { SlackDriver, startSlackServer, type SlackServer, type SlackUserSeed } from '../../sandbox/slack';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-bot-token';
export const APP_TOKEN = 'xapp-test-app-token';

/** The people of the end-to-end stories, and the policy that gives them their rights. */
export const PEOPLE = {
  admin: 'U0ADMIN',
  approver: 'U0APPROVER',
  approver2: 'U0APPROVER2',
  alice: 'U0ALICE',
  bob: 'U0BOB',
  stranger: 'U0STRANGER',
} as const;

export const SLACK_USERS: SlackUserSeed[] = [
  { id: PEOPLE.admin, name: 'ada', email: 'ada@example.com' },
  { id: PEOPLE.approver, name: 'april', email: 'april@example.com' },
  { id: PEOPLE.approver2, name: 'arne', email: 'arne@example.com' },
  { id: PEOPLE.alice, name: 'alice', email: 'alice.smith@example.com' },
  { id: PEOPLE.bob, name: 'bob', email: 'bob@example.com' },
  { id: PEOPLE.stranger, name: 'sam', email: 'sam@elsewhere.org' },
];

export const POLICY_YAML = `
roles:
  admins: [U0ADMIN]
  approvers: [U0APPROVER, S0APPROVERS]
selfService: true
identity:
  users: { U0ALICE: alice }
  serviceUsers: [ci-deploy]
  emailDomain: example.com
approvals:
  channel: C0APPROVALS
  required: 1
  expiresAfterHours: 24
reports:
  - channel: C0SECOPS
    schedule: "0 9 * * MON"
    timezone: UTC
    maxAgeDays: 90
    maxUnusedDays: 30
exempt:
  users: [ci-deploy]
`;

export interface BotOptions {
  mode?: 'http' | 'socket';
  policyYaml?: string;
  clock?: Clock;
  iamState?: IamState;
  /** Share one IAM server and store between two bots (replicas). */
  iam?: IamServer;
  slack?: SlackServer;
  dynamoEndpoint?: string;
  /** IAM's MaxItems for listings, to make one user's keys span pages. */
  iamPageSize?: number;
  /** The bot's own AWS credentials (default TEST_CREDENTIALS) and an STS stand-in, for several accounts. */
  awsCredentials?: { accessKeyId: string; secretAccessKey: string };
  stsUrl?: string;
  /** Shorter client timeouts (and Slack retries), for tests that make calls hang. */
  slackClients?: KeywardenOptions['slack'];
  iamTimeouts?: IamClientOptions['timeouts'];
  /** Timed work the test fires itself (FakeScheduler), e.g. scheduled report runs; default croner's. */
  scheduler?: KeywardenOptions['scheduler'];
  reportRunLeaseMs?: number;
  /** /readyz's background checks; default none, so stand-ins count only the calls a story makes. */
  readiness?: KeywardenOptions['readiness'];
  /** KEYWARDEN_AUDIT_EVENT_BUS, and the stream's client (pointed at the EventBridge stand-in). */
  auditEventBus?: string;
  auditStream?: KeywardenOptions['auditStream'];
  /** KEYWARDEN_EXPOSURE_QUEUE_URL, and the queue's and CloudTrail's clients (pointed at the stand-ins). */
  exposureQueueUrl?: string;
  exposure?: KeywardenOptions['exposure'];
  /** PORT (HTTP mode); default any free one. Step-up needs it known first, for its public URL. */
  port?: number;
  /** KEYWARDEN_PUBLIC_URL and KEYWARDEN_OIDC_CLIENT_SECRET, with a policy that has approvals.stepUp. */
  stepUp?: Config['stepUp'];
  /** False: the bot as KEYWARDEN_METRICS=off runs it (nothing counted, no /metrics). */
  metrics?: boolean;
  /** The Organizations stand-in's URL, for a policy with an organization: block. */
  organizationsUrl?: string;
}

export interface Bot {
  iam: IamServer;
  slack: SlackServer;
  keywarden: Keywarden;
  driver: SlackDriver;
  port?: number;
  /** Every line the bot's logger wrote, as text. */
  logs: string[];
  stop(): Promise<void>;
}

/** A credentials pair for the local IAM server; the SDK must never look for real ones in tests. */
/**
 * The pair of the store server that replicas in a test share (`startSharedStore`); the embedded
 * store refuses any other.
 */
export const SHARED_STORE_CREDENTIALS = {
  accessKeyId: 'KWSHAREDTESTSTORE',
  secretAccessKey: 'shared-test-store',
};

/** One DynamoDB-compatible server for several bots, as replicas share one table. */
export function startSharedStore(): Promise<EmbeddedDynamo> {
  return startEmbeddedDynamo(undefined, { credentials: SHARED_STORE_CREDENTIALS });
}

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDTESTHARNESS', secretAccessKey: 'harness-secret' };

export function testConfig(mode: 'http' | 'socket', slack: SlackServer, policyYaml = POLICY_YAML): Config {
  return {
    slack: {
      botToken: BOT_TOKEN,
      signingSecret: mode === 'http' ? SIGNING_SECRET : undefined,
      appToken: mode === 'socket' ? APP_TOKEN : undefined,
      apiUrl: slack.apiUrl,
    },
    port: 0,
    policyPath: 'test.yml',
    store: { createTable: true, dataDir: '' },
    logLevel: 'debug',
    policy: parsePolicy(policyYaml, 'test.yml'),
  };
}

/**
 * The whole bot as production builds it (createKeywarden), on the real Bolt receiver, with the
 * real AWS SDK clients pointed at the local IAM server and the real Slack clients at the stand-in.
 */
export async function startBot(options: BotOptions = {}): Promise<Bot> {
  const mode = options.mode ?? 'http';
  const iam = options.iam ?? (await startIamServer({ state: options.iamState ?? new IamState() }));
  const slack =
    options.slack ??
    (await startSlackServer({
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      users: SLACK_USERS,
      usergroups: { S0APPROVERS: [PEOPLE.approver2] },
    }));
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config = testConfig(mode, slack, options.policyYaml);
  const log = createLogger({ level: 'debug', destination });
  // Replicas share one table on one store server, as production replicas share one DynamoDB table.
  if (options.dynamoEndpoint) config.store.table = 'keywarden-shared';
  if (options.auditEventBus) config.auditEventBus = options.auditEventBus;
  if (options.exposureQueueUrl) config.exposureQueueUrl = options.exposureQueueUrl;
  if (options.port !== undefined) config.port = options.port;
  if (options.stepUp) config.stepUp = options.stepUp;
  if (options.metrics === false) config.metrics = false;
  let port: number | undefined;
  if (mode === 'socket') {
    const { freePort } = await import('./free-port');
    config.port = options.port ?? (await freePort());
    port = config.port;
  }
  const keywarden = await createKeywarden({
    config,
    log,
    iam: {
      endpoint: iam.url,
      credentials: options.awsCredentials ?? TEST_CREDENTIALS,
      stsEndpoint: options.stsUrl,
      pageSize: options.iamPageSize,
      timeouts: options.iamTimeouts,
    },
    slack: options.slackClients,
    host: '127.0.0.1',
    inMemoryStore: options.dynamoEndpoint === undefined,
    dynamo: options.dynamoEndpoint
      ? {
          endpoint: options.dynamoEndpoint,
          region: 'local',
          credentials: SHARED_STORE_CREDENTIALS,
        }
      : undefined,
    clock: options.clock,
    sweepEveryMs: 0,
    scheduler: options.scheduler,
    reportRunLeaseMs: options.reportRunLeaseMs,
    auditStream: options.auditStream,
    exposure: options.exposure,
    ...(options.organizationsUrl ? { organizations: { endpoint: options.organizationsUrl } } : {}),
    readiness: options.readiness ?? { intervalMs: 0 },
  });
  const bound = await keywarden.start();
  port = bound ?? port;
  const driver = new SlackDriver({
    server: slack,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    signingSecret: SIGNING_SECRET,
  });
  return {
    iam,
    slack,
    keywarden,
    driver,
    port,
    logs,
    async stop() {
      // Room to drain on a loaded CI machine: stories assert what the drained work did.
      await keywarden.stop(15_000);
      // The client's close frame reaches the stand-in a moment after disconnect() resolves.
      for (let wait = 0; wait < 50 && slack.socket.connectionCount() > 0; wait++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (!options.slack) await slack.close();
      if (!options.iam) await iam.close();
    },
  };
}

/** Everything text-like a Slack reply holds, for assertions that do not depend on block layout. */
/** A signed `/keys` command as `as`, and the text of its answer on the command's response_url. */
export async function commandReply(bot: Bot, text: string, as: string): Promise<string> {
  const reply = await bot.driver.command(text, { userId: as });
  return replyText(await bot.driver.waitForResponse(reply.responseUrl, 10_000));
}

export function replyText(body: Record<string, unknown> | undefined): string {
  return JSON.stringify(body ?? {});
}
