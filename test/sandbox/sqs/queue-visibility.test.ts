import { Queue } from '../../../sandbox/sqs/queue';

/** A queue on a clock the test moves: visibility extended as a heartbeat does, up to SQS's 12 hours. */
describe('the SQS stand-in: extending a message in flight', () => {
  let now: number;
  let queue: Queue;

  beforeEach(() => {
    now = Date.parse('2026-12-07T09:00:00Z');
    queue = new Queue({
      account: '123456789012',
      name: 'exposure',
      url: 'http://127.0.0.1/123456789012/exposure',
      region: 'us-east-1',
      visibilityTimeoutSeconds: 30,
      now: () => now,
    });
  });

  it('each extension counts from the moment it is asked for, and keeps the message hidden that long', () => {
    queue.send('leak');
    const [message] = queue.receive(1, 60);
    const handle = message?.receiptHandle ?? '';
    now += 40_000;
    queue.changeVisibility(handle, 60);
    now += 59_000;
    expect([queue.visible(), queue.inFlight()]).toEqual([0, 1]);
    now += 1_000;
    expect([queue.visible(), queue.inFlight()]).toEqual([1, 0]);
  });

  it('refuses to keep a message past 12 hours from its receive, as SQS does; a new receive starts again', () => {
    queue.send('leak');
    const handle = queue.receive(1, 120)[0]?.receiptHandle ?? '';
    for (let beat = 0; beat < 12 * 60 - 2; beat++) {
      now += 60_000;
      queue.changeVisibility(handle, 120);
    }
    // 11 h 58.5 min after the receive: 90 s more reaches 12 hours exactly, 120 s would pass them.
    now += 30_000;
    expect(() => queue.changeVisibility(handle, 120)).toThrow(
      'Total VisibilityTimeout for the message is beyond the limit [43200 seconds]',
    );
    queue.changeVisibility(handle, 90);
    now += 90_000;
    const again = queue.receive(1, 60)[0]?.receiptHandle ?? '';
    now += 30_000;
    expect(() => queue.changeVisibility(again, 60)).not.toThrow();
  });
});
