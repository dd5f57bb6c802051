import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { startEventBridgeServer, type EventBridgeServer } from '../../../sandbox/eventbridge';
import { openAuditStream, type OpenAuditStream } from '../../../src/platform/aws/audit-stream';
import {
  AUDIT_STREAM_DROPPED_METRIC,
  auditStreamDroppedCounter,
} from '../../../src/platform/aws/audit-stream/dropped-metric';
import { createLogger } from '../../../src/platform/logger';

const CREDENTIALS = { accessKeyId: 'AKIDAUDITSTREAMTEST', secretAccessKey: 'audit-stream-test' };
const BUS = 'keywarden-audit';

function capturedLog() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: createLogger({ level: 'debug', destination }) };
}

describe('the audit stream: audit events to an EventBridge bus, through the real client', () => {
  let bus: EventBridgeServer;
  let open: OpenAuditStream | undefined;
  let logs: ReturnType<typeof capturedLog>;

  function start(options: { maxQueue?: number; onDropped?: () => void } = {}) {
    open = openAuditStream(BUS, logs.log, {
      endpoint: bus.url,
      region: 'us-east-1',
      credentials: CREDENTIALS,
      backoff: { baseMs: 10, maxMs: 50 },
      ...options,
    });
    return open.stream;
  }

  beforeEach(async () => {
    bus = await startEventBridgeServer();
    logs = capturedLog();
  });
  afterEach(async () => {
    await open?.close(1_000);
    open = undefined;
    await bus.close();
  });

  it('sends each event once, as source keywarden and detail-type "Keywarden Audit Event", in batches of at most 10', async () => {
    const stream = start();
    for (let n = 0; n < 25; n++) stream.publish({ n });
    const events = await bus.waitForEvents(25);
    expect(events.map((e) => e.detail['n'])).toEqual(Array.from({ length: 25 }, (_, n) => n));
    for (const event of events) {
      expect(event).toMatchObject({
        eventBusName: BUS,
        source: 'keywarden',
        detailType: 'Keywarden Audit Event',
      });
    }
    const sizes = bus.calls().map((call) => call.entries);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(25);
    await waitFor(() => stream.pending === 0);
    expect(stream.sent).toBe(25);
  });

  it('keeps a request under 256 KB: large entries go in smaller batches', async () => {
    const stream = start();
    const pad = 'x'.repeat(100 * 1024);
    for (let n = 0; n < 5; n++) stream.publish({ n, pad });
    await bus.waitForEvents(5);
    expect(bus.calls().every((call) => call.status === 200 && call.entries <= 2)).toBe(true);
  });

  it('waits out an outage of 5xx answers and dropped connections, then sends every event, in order', async () => {
    const stream = start();
    bus.setOutage('server-error');
    for (let n = 0; n < 12; n++) stream.publish({ n });
    await waitFor(() => bus.calls().filter((c) => c.status === 500).length >= 3);
    bus.setOutage('connection-reset');
    await waitFor(() => bus.calls().filter((c) => c.errorCode === 'ConnectionReset').length >= 3);
    bus.injectFault({ kind: 'throttling', times: 2 });
    for (let n = 12; n < 15; n++) stream.publish({ n });
    expect(bus.events()).toHaveLength(0);
    expect(stream.pending).toBe(15);
    bus.setOutage(undefined);
    const events = await bus.waitForEvents(15);
    expect(events.map((e) => e.detail['n'])).toEqual(Array.from({ length: 15 }, (_, n) => n));
    expect(bus.calls().filter((c) => c.errorCode === 'ThrottlingException')).toHaveLength(2);
    expect(stream.dropped).toBe(0);
    expect(logs.lines.join('\n')).toContain('the event bus answers again');
  });

  it('sends again only the entries a partial failure names', async () => {
    const stream = start();
    bus.injectFault({ kind: 'partial', failed: [1, 3] });
    for (let n = 0; n < 5; n++) stream.publish({ n });
    const events = await bus.waitForEvents(5);
    expect(events.map((e) => e.detail['n'])).toEqual([0, 2, 4, 1, 3]);
    expect(bus.calls().map((c) => [c.entries, c.failedEntryCount])).toEqual([
      [5, 2],
      [2, 0],
    ]);
  });

  it('drops what does not fit the bounded queue during an outage, counts it in the metric and logs it', async () => {
    const registry = new Registry();
    const stream = start({ maxQueue: 3, onDropped: auditStreamDroppedCounter(registry) });
    bus.setOutage('server-error');
    for (let n = 0; n < 5; n++) stream.publish({ n, metadata: { uid: `uid-${n}` } });
    expect(stream.dropped).toBe(2);
    const metric = await registry.getSingleMetricAsString(AUDIT_STREAM_DROPPED_METRIC);
    expect(metric).toMatch(new RegExp(`^${AUDIT_STREAM_DROPPED_METRIC} 2$`, 'm'));
    const dropped = logs.lines.filter((line) => line.includes('audit event dropped'));
    expect(dropped.map((line) => (JSON.parse(line) as { event: { uid: string } }).event.uid)).toEqual([
      'uid-3',
      'uid-4',
    ]);
    bus.setOutage(undefined);
    const events = await bus.waitForEvents(3);
    expect(events.map((e) => e.detail['n'])).toEqual([0, 1, 2]);
  });

  it('sends what is queued when it is stopped, the backoff cut short', async () => {
    // A backoff far longer than the test: only the drain's own pace can send in time.
    open = openAuditStream(BUS, logs.log, {
      endpoint: bus.url,
      region: 'us-east-1',
      credentials: CREDENTIALS,
      backoff: { baseMs: 60_000, maxMs: 60_000 },
    });
    const stream = open.stream;
    bus.injectFault({ kind: 'server-error' });
    stream.publish({ n: 1 });
    await waitFor(() => bus.calls().length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(bus.events()).toHaveLength(0);
    // Far below the 60 s backoff, far above what the drain takes even on a loaded machine.
    const started = Date.now();
    await open.close(20_000);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(bus.events().map((e) => e.detail)).toEqual([{ n: 1 }]);
    expect(stream.pending).toBe(0);
  });

  it('gives up a stop after its bound while the bus is down, and says what is left', async () => {
    const stream = start();
    bus.setOutage('connection-reset');
    stream.publish({ n: 1 });
    const started = Date.now();
    await open?.close(300);
    open = undefined;
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(stream.pending).toBe(1);
    expect(logs.lines.join('\n')).toContain('audit stream stopped with events unsent');
  });
});

async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
