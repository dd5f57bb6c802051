import { startSqsServer, type SqsServer } from '../../../../sandbox/sqs';
import { createSqsClient } from '../../../../src/platform/aws/exposure/sqs-client';
import { SqsPoller, type QueueMessage } from '../../../../src/platform/aws/exposure/sqs-poller';
import { InFlight } from '../../../../src/platform/process/in-flight';
import { capturedLog } from '../../../support/fakes';
import { eventually } from '../../../support/approvals';
import { TEST_CREDENTIALS } from '../../../support/bot';

/** The long-poll loop against the SQS stand-in, through the real @aws-sdk/client-sqs. */
describe('SqsPoller', () => {
  let sqs: SqsServer;
  let queueUrl: string;
  let poller: SqsPoller | undefined;

  beforeEach(async () => {
    sqs = await startSqsServer({ host: '127.0.0.1' });
    queueUrl = sqs.createQueue('exposure', { visibilityTimeoutSeconds: 30 });
  });
  afterEach(async () => {
    await poller?.stop();
    await sqs.close();
  });

  function start(handle: (message: QueueMessage) => Promise<void>) {
    const { log, lines } = capturedLog();
    const inFlight = new InFlight();
    poller = new SqsPoller({
      client: createSqsClient(queueUrl, { endpoint: sqs.url, credentials: TEST_CREDENTIALS }),
      queueUrl,
      handle,
      track: (work) => inFlight.track(work),
      log,
      baseBackoffMs: 20,
      maxBackoffMs: 50,
    });
    poller.start();
    return { lines, inFlight };
  }

  it('a message is handed over and deleted once handled', async () => {
    const seen: string[] = [];
    start(async (message) => {
      seen.push(message.body);
    });
    const id = sqs.send(queueUrl, 'one');
    expect(await sqs.waitForDeleted(queueUrl, 1, 15_000)).toEqual([id]);
    expect(seen).toEqual(['one']);
    const receive = sqs.calls().find((call) => call.action === 'ReceiveMessage');
    expect(receive).toBeDefined();
  });

  it('a failing message is kept (in flight, redelivered later) and never blocks the ones behind it', async () => {
    start(async (message) => {
      if (message.body === 'bad') throw new Error('cannot store');
    });
    sqs.send(queueUrl, 'bad');
    const good = sqs.send(queueUrl, 'good');
    await eventually(() => sqs.deletedIds(queueUrl).includes(good));
    expect(sqs.deletedIds(queueUrl)).toEqual([good]);
    expect(sqs.inFlight(queueUrl)).toBe(1);
  });

  it('a message handled slowly never holds back the next one: the poll goes on while it is in hand', async () => {
    let release: () => void = () => undefined;
    const slowDone = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    start(async (message) => {
      seen.push(message.body);
      if (message.body === 'slow') await slowDone;
    });
    const slow = sqs.send(queueUrl, 'slow');
    await eventually(() => seen.includes('slow'));
    const fast = sqs.send(queueUrl, 'fast');
    await eventually(() => sqs.deletedIds(queueUrl).includes(fast));
    expect(sqs.deletedIds(queueUrl)).toEqual([fast]);
    release();
    await eventually(() => sqs.deletedIds(queueUrl).includes(slow));
  });

  it('stop() ends a pending long poll at once', async () => {
    start(async () => undefined);
    await sqs.waitForPollers(queueUrl, 1, 15_000);
    const stopping = poller?.stop();
    await expect(stopping).resolves.toBeUndefined();
    // The poll was aborted by the client: nothing more is received after stop.
    const receivesAtStop = sqs.calls().filter((call) => call.action === 'ReceiveMessage').length;
    sqs.send(queueUrl, 'after stop');
    expect(sqs.visible(queueUrl)).toBe(1);
    expect(sqs.calls().filter((call) => call.action === 'ReceiveMessage').length).toBe(receivesAtStop);
  });

  it('an outage: backs off (logged, never the body) and resumes when SQS is back', async () => {
    const { lines } = start(async () => undefined);
    sqs.setOutage('server-error');
    await eventually(() =>
      lines.some((line) => line.includes('the exposure queue could not be read; trying again')),
    );
    sqs.setOutage(undefined);
    const id = sqs.send(queueUrl, 'SECRET-LOOKING-BODY');
    expect(await sqs.waitForDeleted(queueUrl, 1, 10_000)).toEqual([id]);
    expect(lines.join('\n')).not.toContain('SECRET-LOOKING-BODY');
  });
});
