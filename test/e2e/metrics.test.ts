import { IamState } from '../../sandbox/iam';
import { APPROVE_ACTION } from '../../src/features/approvals/slack/approval-request';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import { approvalMessageFor, eventually } from '../support/approvals';
import {
  PEOPLE,
  POLICY_YAML,
  SLACK_USERS,
  commandReply,
  replyText,
  startBot,
  startSharedStore,
  type Bot,
} from '../support/bot';
import { startEventBridgeServer, type EventBridgeServer } from '../../sandbox/eventbridge';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import { startDynamoCallRecorder, type DynamoCallRecorder } from '../support/dynamo-call-recorder';
import { BOT, startAccounts, threeAccountsYaml, type Accounts } from '../sandbox/sts/fixture';
import { FakeScheduler } from '../support/fakes';
import { createLogger } from '../../src/platform/logger';
import { Metrics } from '../../src/platform/metrics/metrics';
import { startMetricsServer } from '../../src/platform/metrics/metrics-endpoint';
import { parseMetrics, scrape, valueOf, type Sample } from '../support/metrics-scrape';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

/** What may never be a label value: a person, an IAM user, a key id, a request id. */
function forbiddenLabelValues(samples: Sample[], keyIds: string[]): string[] {
  const people = [...Object.values(PEOPLE), ...SLACK_USERS.map((user) => user.name)];
  const iamUsers = ['alice', 'bob'];
  const forbidden = (value: string) =>
    /^[UW][0-9A-Z]{6,}$/.test(value) ||
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.test(value) ||
    /(AKIA|ASIA)[0-9A-Z]{12,}/.test(value) ||
    [...people, ...iamUsers, ...keyIds].some((name) => value.toLowerCase().includes(name.toLowerCase()));
  return samples.flatMap((sample) =>
    Object.entries(sample.labels)
      .filter(([, value]) => forbidden(value))
      .map(([key, value]) => `${sample.name}{${key}="${value}"}`),
  );
}

describe('GET /metrics after a scripted session', () => {
  let bot: Bot;
  let url: string;
  const scheduler = new FakeScheduler();
  let staleKey: string;
  let doomedKey: string;

  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    state.addUser('bob');
    staleKey = state.addKey('alice', { createDate: daysAgo(200) }).accessKeyId;
    doomedKey = state.addKey('bob', { createDate: daysAgo(3) }).accessKeyId;
    bot = await startBot({ iamState: state, scheduler });
    url = `http://127.0.0.1:${bot.port}/metrics`;
  });
  afterAll(() => bot.stop());

  /** Every request's work is done (its counters moved) once nothing is in flight. */
  const settled = () => eventually(() => bot.keywarden.inFlight.count === 0, 10_000);

  async function command(text: string, userId: string): Promise<string> {
    const reply = await bot.driver.command(text, { userId });
    const answer = replyText(await bot.driver.waitForResponse(reply.responseUrl, 10_000));
    await settled();
    return answer;
  }

  it('moves each counter by exactly what happened, and names nobody', async () => {
    const before = await scrape(url);
    expect(valueOf(before, 'keywarden_build_info')).toBe(1);
    expect(before.some((sample) => sample.name === 'process_cpu_user_seconds_total')).toBe(true);
    const delta = (after: Sample[], name: string, labels: Record<string, string> = {}) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);

    expect(await command('list alice', PEOPLE.admin)).toContain(staleKey);
    expect(await command('stale', PEOPLE.stranger)).toContain(NOT_ALLOWED);
    await command(`delete ${doomedKey} left the team`, PEOPLE.admin);
    // Typed text that is no subcommand: counted as `unknown`, never as what was typed.
    const typo = await bot.driver.command('alice', { userId: PEOPLE.admin });
    expect(typo.status).toBe(200);
    await settled();
    const pending = await scrape(url);
    expect(valueOf(pending, 'keywarden_approvals_pending')).toBe(1);

    const request = approvalMessageFor(bot, doomedKey);
    const approveAs = async (userId: string) => {
      const click = await bot.driver.click(APPROVE_ACTION, request.requestId, {
        userId,
        channelId: 'C0APPROVALS',
        messageTs: request.message.ts,
      });
      await bot.driver.waitForResponse(click.responseUrl, 10_000);
      await settled();
    };
    // The requester may not approve their own request: a refused click; then the approver's.
    await approveAs(PEOPLE.admin);
    await approveAs(PEOPLE.approver);
    await eventually(() => bot.iam.state.keysOf('bob').length === 0);
    await scheduler.fireCron('report 0 (C0SECOPS)', new Date());

    const after = await scrape(url);
    const commands = (subcommand: string, outcome: string) =>
      delta(after, 'keywarden_commands_total', { command: '/keys', subcommand, outcome });
    expect(commands('list', 'ok')).toBe(1);
    expect(commands('stale', 'refused')).toBe(1);
    expect(commands('delete', 'ok')).toBe(1);
    expect(commands('unknown', 'ok')).toBe(1);
    expect(delta(after, 'keywarden_commands_total')).toBe(4);
    expect(delta(after, 'keywarden_commands_total', { outcome: 'failed' })).toBe(0);
    expect(delta(after, 'keywarden_actions_total', { action: APPROVE_ACTION, outcome: 'refused' })).toBe(1);
    expect(delta(after, 'keywarden_actions_total', { action: APPROVE_ACTION, outcome: 'ok' })).toBe(1);
    expect(delta(after, 'keywarden_actions_total')).toBe(2);
    expect(delta(after, 'keywarden_ack_duration_seconds_count', { surface: 'command' })).toBe(4);
    expect(delta(after, 'keywarden_ack_duration_seconds_count', { surface: 'action' })).toBe(2);
    expect(delta(after, 'keywarden_deletions_total', { outcome: 'ok' })).toBe(1);
    expect(delta(after, 'keywarden_deletions_total')).toBe(1);
    expect(valueOf(after, 'keywarden_approvals_pending')).toBe(0);
    expect(
      delta(after, 'keywarden_aws_calls_total', {
        service: 'IAM',
        operation: 'DeleteAccessKey',
        outcome: 'ok',
      }),
    ).toBe(bot.iam.calls('DeleteAccessKey').length);
    expect(bot.iam.calls('DeleteAccessKey')).toHaveLength(1);
    expect(
      delta(after, 'keywarden_aws_calls_total', { service: 'IAM', operation: 'GenerateCredentialReport' }),
    ).toBe(bot.iam.calls('GenerateCredentialReport').length);
    // The approval message went out through the app's client: counted as it reached the stand-in.
    expect(
      delta(after, 'keywarden_slack_calls_total', { method: 'chat.postMessage', outcome: 'ok' }),
    ).toBeGreaterThan(0);
    const reported = valueOf(after, 'keywarden_report_last_success_timestamp_seconds', {
      account: 'default',
    });
    expect(Math.abs(reported - Date.now() / 1000)).toBeLessThan(60);
    expect(valueOf(after, 'keywarden_accounts_unreachable')).toBe(0);

    expect(forbiddenLabelValues(after, [staleKey, doomedKey, request.requestId])).toEqual([]);
  });
});

describe('the metrics endpoint on METRICS_PORT', () => {
  it('serves GET /metrics in the Prometheus text format, and nothing else', async () => {
    const metrics = new Metrics({ version: '1.2.3', defaultMetrics: false });
    metrics.command('/keys', 'stale', 'refused');
    metrics.countPendingApprovalsWith(async () => 7);
    const server = await startMetricsServer(metrics, {
      port: 0,
      host: '127.0.0.1',
      log: createLogger({ level: 'silent' }),
    });
    try {
      const samples = await scrape(`http://127.0.0.1:${server.port}/metrics`);
      expect(valueOf(samples, 'keywarden_build_info', { version: '1.2.3' })).toBe(1);
      expect(
        valueOf(samples, 'keywarden_commands_total', {
          command: '/keys',
          subcommand: 'stale',
          outcome: 'refused',
        }),
      ).toBe(1);
      expect(valueOf(samples, 'keywarden_approvals_pending')).toBe(7);
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('AWS and Slack calls of every client, counted as they crossed the wire', () => {
  let aws: Accounts;
  let bus: EventBridgeServer;
  let store: EmbeddedDynamo;
  let dynamo: DynamoCallRecorder;
  let bot: Bot;
  const scheduler = new FakeScheduler();

  beforeAll(async () => {
    aws = await startAccounts();
    aws.home.addUser('alice');
    aws.prod.addUser('alice');
    aws.prod.addKey('alice', { createDate: daysAgo(200) });
    bus = await startEventBridgeServer();
    store = await startSharedStore();
    dynamo = await startDynamoCallRecorder(store.endpoint);
    bot = await startBot({
      iam: aws.iam,
      awsCredentials: BOT,
      stsUrl: aws.sts.url,
      policyYaml: `${POLICY_YAML}\n${threeAccountsYaml()}`,
      dynamoEndpoint: dynamo.url,
      auditEventBus: 'keywarden-audit',
      auditStream: {
        endpoint: bus.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDMETRICSE2E', secretAccessKey: 'metrics-e2e' },
        backoff: { baseMs: 20, maxMs: 100 },
      },
      scheduler,
    });
  });
  afterAll(async () => {
    await bot.stop();
    await dynamo.close();
    await store.close();
    await bus.close();
    await aws.close();
  });

  /**
   * The counters read from the registry itself: a scrape would also run keywarden_approvals_pending's
   * store query, which lands before or after the counters are read.
   */
  async function counters(): Promise<Sample[]> {
    const registry = bot.keywarden.metrics?.registry;
    if (!registry) throw new Error('metrics are off');
    const names = [
      'keywarden_aws_calls_total',
      'keywarden_aws_throttles_total',
      'keywarden_slack_calls_total',
      'keywarden_slack_ratelimited_total',
    ];
    return (await Promise.all(names.map((name) => registry.getSingleMetricAsString(name)))).flatMap(
      parseMetrics,
    );
  }
  const settled = () => eventually(() => bot.keywarden.inFlight.count === 0, 10_000);

  it('counts DynamoDB, AssumeRole, EventBridge and the secrets and reports clients, throttles included', async () => {
    const before = await counters();
    const since = {
      dynamo: dynamo.calls().length,
      sts: aws.sts.calls().length,
      slack: bot.slack.calls().length,
    };
    const delta = (after: Sample[], name: string, labels: Record<string, string>) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);

    // AssumeRole throttled once (the SDK retries it): one call, one throttle.
    aws.sts.injectFault({ action: 'AssumeRole', code: 'Throttling' });
    expect(await commandReply(bot, 'list alice@prod', PEOPLE.alice)).toContain('alice');
    // The secrets client meets a rate limit (it never waits one out: the key is rolled back), then delivers.
    bot.slack.failNext('chat.postEphemeral', { retryAfterSeconds: 1 });
    await commandReply(bot, 'create', PEOPLE.alice);
    await settled();
    // The audit stream meets a throttling bus, and sends once it recovers.
    bus.setOutage('throttling');
    await commandReply(bot, 'create', PEOPLE.alice);
    await settled();
    await eventually(() => bus.calls().some((call) => call.errorCode === 'ThrottlingException'));
    bus.setOutage(undefined);
    await eventually(() => bus.events().length >= 3, 10_000);
    // A scheduled report goes out through the reports client, as keywarden in each role account.
    await scheduler.fireCron('report 0 (C0SECOPS)', new Date());
    await settled();
    const after = await counters();

    const dynamoCalls = dynamo.calls().slice(since.dynamo);
    expect(dynamoCalls.length).toBeGreaterThan(0);
    for (const operation of new Set(dynamoCalls.map((call) => call.operation))) {
      const sent = dynamoCalls.filter((call) => call.operation === operation).length;
      expect([
        operation,
        delta(after, 'keywarden_aws_calls_total', { service: 'DynamoDB', operation }),
      ]).toEqual([operation, sent]);
    }
    const stsCalls = aws.sts.calls().slice(since.sts);
    const throttled = stsCalls.filter((call) => call.errorCode === 'Throttling').length;
    expect(throttled).toBe(1);
    expect(delta(after, 'keywarden_aws_throttles_total', { service: 'STS' })).toBe(throttled);
    expect(
      delta(after, 'keywarden_aws_calls_total', { service: 'STS', operation: 'AssumeRole', outcome: 'ok' }),
    ).toBe(stsCalls.filter((call) => call.action === 'AssumeRole').length - throttled);
    const putEvents = bus.calls();
    const busThrottled = putEvents.filter((call) => call.errorCode === 'ThrottlingException').length;
    expect(
      delta(after, 'keywarden_aws_calls_total', { service: 'EventBridge', operation: 'PutEvents' }),
    ).toBe(putEvents.length);
    expect(delta(after, 'keywarden_aws_throttles_total', { service: 'EventBridge' })).toBe(busThrottled);

    const slackCalls = bot.slack.calls().slice(since.slack);
    for (const method of new Set(slackCalls.map((call) => call.method))) {
      const sent = slackCalls.filter((call) => call.method === method).length;
      expect([method, delta(after, 'keywarden_slack_calls_total', { method })]).toEqual([method, sent]);
    }
    expect(
      slackCalls.filter((call) => call.method === 'chat.postEphemeral' && call.ok).length,
    ).toBeGreaterThan(0);
    expect(delta(after, 'keywarden_slack_ratelimited_total', { method: 'chat.postEphemeral' })).toBe(1);
    expect(delta(after, 'keywarden_slack_calls_total', { method: 'chat.postMessage' })).toBe(
      slackCalls.filter((call) => call.method === 'chat.postMessage').length,
    );
  });
});

describe('KEYWARDEN_METRICS=off', () => {
  it('serves no /metrics, counts nothing, and answers as before', async () => {
    const state = new IamState();
    state.addUser('alice');
    const key = state.addKey('alice').accessKeyId;
    const bot = await startBot({ iamState: state, metrics: false });
    try {
      expect(bot.keywarden.metrics).toBeUndefined();
      expect(await commandReply(bot, 'list alice', PEOPLE.alice)).toContain(key);
      expect((await fetch(`http://127.0.0.1:${bot.port}/metrics`)).status).toBe(404);
    } finally {
      await bot.stop();
    }
  });
});
