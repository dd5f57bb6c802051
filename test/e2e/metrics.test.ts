import { IamState } from '../../sandbox/iam';
import { APPROVE_ACTION } from '../../src/features/approvals/slack/approval-request';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import { approvalMessageFor, eventually } from '../support/approvals';
import { PEOPLE, SLACK_USERS, replyText, startBot, type Bot } from '../support/bot';
import { FakeScheduler } from '../support/fakes';
import { createLogger } from '../../src/platform/logger';
import { Metrics } from '../../src/platform/metrics/metrics';
import { startMetricsServer } from '../../src/platform/metrics/metrics-endpoint';
import { scrape, valueOf, type Sample } from '../support/metrics-scrape';

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
    const pending = await scrape(url);
    expect(valueOf(pending, 'keywarden_approvals_pending')).toBe(1);

    const request = approvalMessageFor(bot, doomedKey);
    const click = await bot.driver.click(APPROVE_ACTION, request.requestId, {
      userId: PEOPLE.approver,
      channelId: 'C0APPROVALS',
      messageTs: request.message.ts,
    });
    await bot.driver.waitForResponse(click.responseUrl, 10_000);
    await settled();
    await eventually(() => bot.iam.state.keysOf('bob').length === 0);
    await scheduler.fireCron('report 0 (C0SECOPS)', new Date());

    const after = await scrape(url);
    expect(delta(after, 'keywarden_commands_total', { command: '/keys', outcome: 'ok' })).toBe(2);
    expect(delta(after, 'keywarden_commands_total', { command: '/keys', outcome: 'refused' })).toBe(1);
    expect(delta(after, 'keywarden_commands_total', { outcome: 'failed' })).toBe(0);
    expect(delta(after, 'keywarden_actions_total', { action: APPROVE_ACTION, outcome: 'ok' })).toBe(1);
    expect(delta(after, 'keywarden_actions_total')).toBe(1);
    expect(delta(after, 'keywarden_ack_duration_seconds_count', { surface: 'command' })).toBe(3);
    expect(delta(after, 'keywarden_ack_duration_seconds_count', { surface: 'action' })).toBe(1);
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
    metrics.request('command', '/keys', 'refused');
    metrics.countPendingApprovalsWith(async () => 7);
    const server = await startMetricsServer(metrics, {
      port: 0,
      host: '127.0.0.1',
      log: createLogger({ level: 'silent' }),
    });
    try {
      const samples = await scrape(`http://127.0.0.1:${server.port}/metrics`);
      expect(valueOf(samples, 'keywarden_build_info', { version: '1.2.3' })).toBe(1);
      expect(valueOf(samples, 'keywarden_commands_total', { command: '/keys', outcome: 'refused' })).toBe(1);
      expect(valueOf(samples, 'keywarden_approvals_pending')).toBe(7);
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
