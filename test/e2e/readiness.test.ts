import { startSlackServer, type SlackServer } from '../../sandbox/slack';
import { APP_TOKEN, BOT_TOKEN, SLACK_USERS, startBot, startSharedStore, type Bot } from '../support/bot';
import { tcpOutage, type TcpOutage } from '../support/tcp-outage';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import { BOT, startAccounts, type Accounts } from '../sandbox/sts/fixture';

interface Readyz {
  status: number;
  body: {
    status: string;
    down: string[];
    checks: Record<'store' | 'slack' | 'aws', { up: boolean; reason?: string }>;
  };
}

async function readyz(port: number | undefined): Promise<Readyz> {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: res.status, body: (await res.json()) as Readyz['body'] };
}

/** Polls /readyz until it says what the test waits for, within an overall bound. */
async function until(port: number | undefined, wanted: (answer: Readyz) => boolean, boundMs = 20_000) {
  const deadline = Date.now() + boundMs;
  let last = await readyz(port);
  while (!wanted(last)) {
    if (Date.now() > deadline) throw new Error(`/readyz stayed ${last.status} ${JSON.stringify(last.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    last = await readyz(port);
  }
  return last;
}

/** Polls GET /metrics until it holds a line, within an overall bound. */
async function untilMetric(port: number | undefined, line: string, boundMs = 20_000) {
  const deadline = Date.now() + boundMs;
  let text = '';
  for (;;) {
    text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    if (text.split('\n').includes(line)) return;
    if (Date.now() > deadline) throw new Error(`/metrics never said "${line}"`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function waitFor(condition: () => boolean, boundMs = 20_000) {
  const deadline = Date.now() + boundMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const ready = (answer: Readyz) => answer.status === 200;
const downOnly = (name: string) => (answer: Readyz) =>
  answer.status === 503 && answer.body.down.length === 1 && answer.body.down[0] === name;

function slackStandIn(port?: number): Promise<SlackServer> {
  return startSlackServer({ botToken: BOT_TOKEN, appToken: APP_TOKEN, users: SLACK_USERS, port });
}

describe('GET /readyz in HTTP mode', () => {
  let accounts: Accounts;
  let dynamo: EmbeddedDynamo;
  let storeLink: TcpOutage;
  let slack: SlackServer;
  let bot: Bot;
  const stsEnv = process.env.AWS_ENDPOINT_URL_STS;

  beforeAll(async () => {
    accounts = await startAccounts();
    dynamo = await startSharedStore();
    storeLink = await tcpOutage(dynamo.endpoint);
    slack = await slackStandIn();
    // The STS check is left to the SDK's own settings: AWS_ENDPOINT_URL_STS must reach it.
    process.env.AWS_ENDPOINT_URL_STS = accounts.sts.url;
    bot = await startBot({
      iam: accounts.iam,
      slack,
      awsCredentials: BOT,
      dynamoEndpoint: storeLink.url,
      readiness: { intervalMs: 100, timeoutMs: 1_000 },
    });
  }, 60_000);

  afterAll(async () => {
    if (stsEnv === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
    else process.env.AWS_ENDPOINT_URL_STS = stsEnv;
    await bot?.stop();
    await slack?.close();
    await storeLink?.close();
    await dynamo?.close();
    await accounts?.close();
  });

  it('is 200 while the store, Slack and the AWS credentials answer, and /healthz keeps its meaning', async () => {
    const answer = await until(bot.port, ready);
    expect(answer.body).toMatchObject({
      status: 'ready',
      down: [],
      checks: { store: { up: true }, slack: { up: true }, aws: { up: true } },
    });
    expect(accounts.sts.calls('GetCallerIdentity').length).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${bot.port}/healthz`)).status).toBe(200);
  });

  it('turns 503 naming the store while the store is unreachable, and 200 when it returns', async () => {
    await until(bot.port, ready);
    await storeLink.down();
    const down = await until(bot.port, downOnly('store'));
    expect(down.body.status).toBe('unavailable');
    expect(down.body.checks.store.reason).toMatch(/^GetItem: /);
    // /healthz is about the process, not its dependencies.
    expect((await fetch(`http://127.0.0.1:${bot.port}/healthz`)).status).toBe(200);
    storeLink.up();
    await until(bot.port, ready);
  });

  it('turns 503 naming aws while STS refuses the credentials, and 200 when it accepts them again', async () => {
    await until(bot.port, ready);
    accounts.sts.injectFault({
      action: 'GetCallerIdentity',
      code: 'AccessDenied',
      times: Number.MAX_SAFE_INTEGER,
    });
    const down = await until(bot.port, downOnly('aws'));
    expect(down.body.checks.aws.reason).toBe('GetCallerIdentity: AccessDenied');
    accounts.sts.clearFaults();
    await until(bot.port, ready);
  });

  it('turns 503 naming slack while the Slack stand-in is stopped, and 200 when it is back', async () => {
    await until(bot.port, ready);
    const port = Number(new URL(slack.url).port);
    await slack.close();
    const down = await until(bot.port, downOnly('slack'));
    // web-api 8 (fetch): ECONNREFUSED is the cause of undici's "fetch failed"; under jest that error
    // comes from another realm and the WebClient keeps only its text (web-api WebClient.js makeRequest).
    expect(down.body.checks.slack.reason).toMatch(/^auth\.test: (ECONNREFUSED|fetch failed)$/);
    slack = await slackStandIn(port);
    await until(bot.port, ready);
    expect(slack.calls('auth.test').length).toBeGreaterThan(0);
  });

  it('never names a token or a secret in its answer', async () => {
    await storeLink.down();
    accounts.sts.injectFault({
      action: 'GetCallerIdentity',
      code: 'AccessDenied',
      times: Number.MAX_SAFE_INTEGER,
    });
    try {
      const answer = await until(
        bot.port,
        (a) => a.body.down.includes('store') && a.body.down.includes('aws'),
      );
      const text = JSON.stringify(answer.body);
      for (const secret of [BOT_TOKEN, BOT.accessKeyId, BOT.secretAccessKey, 'xoxb-', 'AKIA'])
        expect(text).not.toContain(secret);
    } finally {
      accounts.sts.clearFaults();
      storeLink.up();
    }
    await until(bot.port, ready);
  });
});

describe('a probe storm', () => {
  it('50 requests to /readyz make no call to Slack or STS: they read the last checks', async () => {
    const accounts = await startAccounts();
    const bot = await startBot({
      iam: accounts.iam,
      awsCredentials: BOT,
      stsUrl: accounts.sts.url,
      // One round at start, the next a minute later: any call within the test came from a probe.
      readiness: { intervalMs: 60_000, timeoutMs: 2_000 },
    });
    try {
      await until(bot.port, ready);
      const authTests = bot.slack.calls('auth.test').length;
      const identities = accounts.sts.calls('GetCallerIdentity').length;
      expect(identities).toBe(1);
      const answers = await Promise.all(Array.from({ length: 50 }, () => readyz(bot.port)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
      expect(bot.slack.calls('auth.test')).toHaveLength(authTests);
      expect(accounts.sts.calls('GetCallerIdentity')).toHaveLength(identities);
    } finally {
      await bot.stop();
      await accounts.close();
    }
  });
});

describe('GET /readyz in Socket Mode', () => {
  it('is 503 naming slack while the connection is lost, and 200 once the client has reconnected', async () => {
    const accounts = await startAccounts();
    const bot = await startBot({
      mode: 'socket',
      iam: accounts.iam,
      awsCredentials: BOT,
      stsUrl: accounts.sts.url,
      // The socket client waits clientPingTimeout x failures in a row before each reconnect.
      slackClients: { socketPingTimeoutMs: 300 },
      readiness: { intervalMs: 100, timeoutMs: 1_000 },
    });
    try {
      const answer = await until(bot.port, ready);
      expect(answer.body.checks.slack).toMatchObject({ up: true });
      const opened = bot.slack.calls('apps.connections.open').length;
      // Slack recycles the connection, and the first two attempts to open a new one fail.
      bot.slack.failNext('apps.connections.open', { error: 'internal_error', times: 2 });
      bot.slack.socket.requestReconnect();
      const down = await until(bot.port, downOnly('slack'));
      expect(['socket closed', 'reconnecting']).toContain(down.body.checks.slack.reason);
      await until(bot.port, ready);
      expect(bot.slack.socket.connectionCount()).toBe(1);
      // Two refused, one accepted: the client kept trying by itself.
      expect(bot.slack.calls('apps.connections.open').length - opened).toBe(3);
      expect(bot.logs.some((line) => line.includes('"dependency":"slack"') && line.includes('is down'))).toBe(
        true,
      );
    } finally {
      await bot.stop();
      await accounts.close();
    }
  });

  it('rides out a Slack outage: the socket drops, apps.connections.open is refused, and it reconnects when Slack is back', async () => {
    const slack = await slackStandIn();
    // The Web API (apps.connections.open) goes through a link the test can cut; the socket itself does not.
    const apiLink = await tcpOutage(slack.url);
    const accounts = await startAccounts();
    const bot = await startBot({
      mode: 'socket',
      slack: { ...slack, apiUrl: `${apiLink.url}/api/` },
      iam: accounts.iam,
      awsCredentials: BOT,
      stsUrl: accounts.sts.url,
      slackClients: { socketPingTimeoutMs: 300 },
      readiness: { intervalMs: 100, timeoutMs: 1_000 },
    });
    try {
      await until(bot.port, ready);
      await untilMetric(bot.port, 'keywarden_slack_connected 1');
      await apiLink.down();
      slack.socket.requestReconnect();
      await until(bot.port, downOnly('slack'));
      // Visible in the metric while it is down, not only in /readyz.
      await untilMetric(bot.port, 'keywarden_slack_connected 0');
      expect(slack.socket.connectionCount()).toBe(0);
      // The client keeps asking, with backoff: wait until it has been refused twice.
      await waitFor(() => apiLink.cut() >= 2);
      apiLink.up();
      await until(bot.port, ready);
      await untilMetric(bot.port, 'keywarden_slack_connected 1');
      expect(slack.socket.connectionCount()).toBe(1);
    } finally {
      await bot.stop();
      await apiLink.close();
      await slack.close();
      await accounts.close();
    }
  });
});
