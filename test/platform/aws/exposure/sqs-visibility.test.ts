import { startSqsServer, type SqsServer } from '../../../../sandbox/sqs';
import { Heartbeats } from '../../../../src/kernel/heartbeat';
import { createSqsClient } from '../../../../src/platform/aws/exposure/sqs-client';
import { SqsPoller, type QueueMessage } from '../../../../src/platform/aws/exposure/sqs-poller';
import { InFlight } from '../../../../src/platform/process/in-flight';
import { capturedLog } from '../../../support/fakes';
import { eventually } from '../../../support/approvals';
import { TEST_CREDENTIALS } from '../../../support/bot';

/**
 * Two replicas' pollers on one queue, through the real @aws-sdk/client-sqs: a message one of them
 * works on stays hidden from the other however long the work takes. The queue's own visibility
 * timeout is 30 s; the pollers ask for 3 s, so the stories take seconds.
 */
describe('a message kept invisible while it is handled', () => {
  let sqs: SqsServer;
  let queueUrl: string;
  const pollers: SqsPoller[] = [];

  beforeEach(async () => {
    sqs = await startSqsServer({ host: '127.0.0.1' });
    queueUrl = sqs.createQueue('exposure', { visibilityTimeoutSeconds: 30 });
  });
  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
    await sqs.close();
  });

  function replica(name: string, handle: (message: QueueMessage) => Promise<void>) {
    const { log, lines } = capturedLog();
    const heartbeats = new Heartbeats();
    const poller = new SqsPoller({
      client: createSqsClient(queueUrl, { endpoint: sqs.url, credentials: TEST_CREDENTIALS }),
      queueUrl,
      handle,
      track: (work) => new InFlight().track(work),
      log: log.child({ replica: name }),
      waitTimeSeconds: 1,
      // 3 s, renewed every second: a stall of up to about 2 s (a loaded CI machine) keeps it hidden.
      visibilityTimeoutSeconds: 3,
      heartbeats,
      baseBackoffMs: 20,
      maxBackoffMs: 50,
    });
    pollers.push(poller);
    poller.start();
    return { poller, heartbeats, lines };
  }

  /** A handler that takes the message and waits until the test lets it finish. */
  function held() {
    const taken: string[] = [];
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    return {
      taken,
      finish: () => finish(),
      handle: async (message: QueueMessage) => {
        taken.push(message.messageId);
        await done;
      },
    };
  }

  const renewals = () =>
    sqs.calls().filter((call) => call.action === 'ChangeMessageVisibility' && call.status === 200).length;

  it('handled three visibility timeouts long: renewed every third, never handed to the other replica, deleted once', async () => {
    const first = held();
    const second = held();
    const a = replica('a', first.handle);
    await sqs.waitForPollers(queueUrl, 1, 15_000);
    const id = sqs.send(queueUrl, 'leak');
    await eventually(() => first.taken.length === 1);
    const b = replica('b', second.handle);
    await sqs.waitForPollers(queueUrl, 1, 15_000);

    // Nine renewals of a third each: three timeouts have passed since the receive.
    await eventually(() => renewals() >= 9, 30_000);
    expect(second.taken).toEqual([]);
    expect(sqs.inFlight(queueUrl)).toBe(1);

    first.finish();
    expect(await sqs.waitForDeleted(queueUrl, 1, 15_000)).toEqual([id]);
    await eventually(() => a.heartbeats.count === 0);
    expect(b.heartbeats.count).toBe(0);
    expect(first.taken).toEqual([id]);
    expect(second.taken).toEqual([]);
  });

  it('a renewal that fails is logged and tried again at the next beat; the message stays hidden', async () => {
    const first = held();
    const second = held();
    const a = replica('a', first.handle);
    // One beat's three attempts (the SDK's retries) all fail.
    sqs.injectFault({ kind: 'server-error', action: 'ChangeMessageVisibility', times: 3 });
    sqs.send(queueUrl, 'leak');
    await eventually(() => first.taken.length === 1);
    replica('b', second.handle);

    await eventually(() => renewals() >= 3, 30_000);
    expect(a.lines.join('\n')).toContain(
      "the exposure message's visibility could not be renewed; trying again at the next beat",
    );
    expect(second.taken).toEqual([]);
    first.finish();
    await sqs.waitForDeleted(queueUrl, 1, 15_000);
  });

  it('a replica that stops mid-work (its drain given up): the message comes back after the 3 s it asked for, to the other', async () => {
    const first = held();
    const second = held();
    const a = replica('a', first.handle);
    const id = sqs.send(queueUrl, 'leak');
    await eventually(() => first.taken.length === 1);
    await a.poller.stop();
    a.heartbeats.stopAll();
    replica('b', second.handle);

    // The queue's own timeout is 30 s: only the poller's VisibilityTimeout brings it back this soon.
    await eventually(() => second.taken.length === 1, 15_000);
    expect(second.taken).toEqual([id]);
    second.finish();
    expect(await sqs.waitForDeleted(queueUrl, 1, 15_000)).toEqual([id]);
  });
});
