import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { IamState } from '../../../sandbox/iam';
import { startTracing, type Tracing } from '../../../src/platform/tracing/tracing-setup';
import { BOT_TOKEN, PEOPLE, SIGNING_SECRET, TEST_CREDENTIALS, startBot, type Bot } from '../../support/bot';

/**
 * Traces through the real receiver: a signed /keys command, the real AWS SDK against the IAM
 * stand-in, the real WebClient and response_url against the Slack stand-in, dynalite as the store.
 */

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let bot: Bot;
let aliceKey: string;
let aliceSecret: string;

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

/** The finished spans of the trace whose root is the request span named `name`, once it has ended. */
async function requestTrace(name: string): Promise<{ root: ReadableSpan; spans: ReadableSpan[] }> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    const root = exporter.getFinishedSpans().find((span) => span.name === name);
    if (root) {
      const traceId = root.spanContext().traceId;
      return {
        root,
        spans: exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no span ${name} ended within 15 s; saw ${exporter.getFinishedSpans().map((s) => s.name)}`);
}

/** Every string a span carries out of the process: its name, attributes, status and events. */
function carried(span: ReadableSpan): string[] {
  const values = (attributes: Record<string, unknown> | undefined) =>
    Object.entries(attributes ?? {}).flatMap(([key, value]) => [key, String(value)]);
  return [
    span.name,
    ...values(span.attributes),
    span.status.message ?? '',
    ...span.events.flatMap((event) => [event.name, ...values(event.attributes)]),
  ];
}

function descendsFrom(span: ReadableSpan, root: ReadableSpan, spans: ReadableSpan[]): boolean {
  const byId = new Map(spans.map((each) => [idOf(each), each]));
  for (let at: ReadableSpan | undefined = span; at; at = byId.get(parentOf(at) ?? '')) {
    if (parentOf(at) === idOf(root)) return true;
  }
  return false;
}

beforeAll(async () => {
  tracing = startTracing({ exporter });
  const state = new IamState();
  state.addUser('alice');
  const key = state.addKey('alice', { createDate: new Date(Date.now() - 10 * 86_400_000) });
  aliceKey = key.accessKeyId;
  aliceSecret = key.secretAccessKey;
  bot = await startBot({ iamState: state });
});

afterAll(async () => {
  await bot?.stop();
  await tracing?.shutdown();
});

beforeEach(() => exporter.reset());

describe('a trace per Slack request', () => {
  it('shows /keys list alice as one tree: the command, its Web API and IAM calls, the answer on the response_url', async () => {
    const reply = await bot.driver.command('list alice', { userId: PEOPLE.admin });
    const answer = await bot.driver.waitForResponse(reply.responseUrl);
    expect(JSON.stringify(answer)).toContain(aliceKey);

    const { root, spans } = await requestTrace('slack command /keys');
    expect(parentOf(root)).toBeUndefined();
    expect(root.attributes).toEqual({ 'keywarden.surface': 'command', 'keywarden.command': '/keys' });

    const children = spans.filter((span) => span !== root);
    const names = children.map((span) => span.name);
    // The bot's first request: the asker's roles are looked up in Slack (then kept).
    expect(names).toEqual(
      expect.arrayContaining([
        'slack users.info',
        'IAM.ListAccessKeys',
        'IAM.GetAccessKeyLastUsed',
        'slack response_url',
      ]),
    );
    for (const span of children) expect(descendsFrom(span, root, spans)).toBe(true);
    const listKeys = children.find((span) => span.name === 'IAM.ListAccessKeys');
    expect(listKeys?.attributes).toMatchObject({ 'rpc.service': 'IAM', 'rpc.method': 'ListAccessKeys' });
    const answered = children.find((span) => span.name === 'slack response_url');
    expect(answered?.attributes['http.response.status_code']).toBe(200);
    // The request span lasts until the answer is sent: it ends (and so is exported) after it. Compared by
    // the order spans end in, not by their end times: OpenTelemetry anchors each span's clock to
    // Date.now() when it starts, so end times of two spans can be off by up to a millisecond.
    const ended = exporter.getFinishedSpans();
    expect(answered && ended.indexOf(answered)).toBeLessThan(ended.indexOf(root));
  });

  it('puts the IAM mutation and the DynamoDB writes of /keys deactivate under the command', async () => {
    const reply = await bot.driver.command(`deactivate ${aliceKey}`, { userId: PEOPLE.admin });
    await bot.driver.waitForResponse(reply.responseUrl);
    const { root, spans } = await requestTrace('slack command /keys');
    const names = spans.map((span) => span.name);
    expect(names).toEqual(expect.arrayContaining(['IAM.UpdateAccessKey']));
    const dynamo = spans.filter((span) => span.attributes['rpc.service'] === 'DynamoDB');
    expect(dynamo.length).toBeGreaterThan(0);
    for (const span of dynamo) expect(descendsFrom(span, root, spans)).toBe(true);
  });

  it('carries no user text, user id, key id, secret or URL in any span, an IAM error included', async () => {
    const listed = await bot.driver.command('list ghost-user', { userId: PEOPLE.admin });
    await bot.driver.waitForResponse(listed.responseUrl);
    const ghost = await requestTrace('slack command /keys');
    exporter.reset();
    const deactivated = await bot.driver.command(`deactivate ${aliceKey}`, { userId: PEOPLE.admin });
    await bot.driver.waitForResponse(deactivated.responseUrl);
    const keyTrace = await requestTrace('slack command /keys');

    const failed = ghost.spans.filter((span) => span.status.code === SpanStatusCode.ERROR);
    expect(failed.length).toBeGreaterThan(0);
    const forbidden = [
      'ghost-user',
      'alice',
      aliceKey,
      aliceSecret,
      PEOPLE.admin,
      PEOPLE.alice,
      BOT_TOKEN,
      SIGNING_SECRET,
      TEST_CREDENTIALS.secretAccessKey,
      listed.responseUrl,
      deactivated.responseUrl,
    ];
    for (const span of [...ghost.spans, ...keyTrace.spans]) {
      for (const value of carried(span)) {
        for (const word of forbidden) expect(value).not.toContain(word);
      }
    }
  });

  it('puts the trace_id and span_id on the log lines written inside the request', async () => {
    const before = bot.logs.length;
    const reply = await bot.driver.command('list ghost-user', { userId: PEOPLE.admin });
    await bot.driver.waitForResponse(reply.responseUrl);
    const { root, spans } = await requestTrace('slack command /keys');
    const lines = bot.logs.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    const inside = lines.filter((line) => line.surface === 'command');
    expect(inside.length).toBeGreaterThan(0);
    const spanIds = new Set(spans.map(idOf));
    for (const line of inside) {
      expect(line.trace_id).toBe(root.spanContext().traceId);
      expect(spanIds.has(String(line.span_id))).toBe(true);
    }
  });
});
