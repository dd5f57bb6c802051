import { Heartbeats } from '../../src/kernel/heartbeat';
import { capturedLog } from '../support/fakes/captured-log';

/** The heartbeat's timing on jest's fake clock: no beat waits on a real timer. */
describe('Heartbeats', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-06-15T12:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  /** A beat that records when it ran (on the fake clock) and answers what `answers` says next. */
  function recorder(answers: Array<boolean | Error | Promise<boolean>> = []) {
    const at: number[] = [];
    const beat = async () => {
      at.push(Date.now() - new Date('2026-06-15T12:00:00Z').getTime());
      const answer = answers.shift() ?? true;
      if (answer instanceof Error) throw answer;
      return answer;
    };
    return { at, beat };
  }

  it('beats every period from its start, not at once, until stopped', async () => {
    const { log } = capturedLog();
    const beats = recorder();
    const heartbeat = new Heartbeats().start({ keeps: 'the lease', everyMs: 1_000, beat: beats.beat, log });

    await jest.advanceTimersByTimeAsync(999);
    expect(beats.at).toEqual([]);
    await jest.advanceTimersByTimeAsync(2_001);
    expect(beats.at).toEqual([1_000, 2_000, 3_000]);

    heartbeat.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(beats.at).toHaveLength(3);
    expect(heartbeat.lost.aborted).toBe(false);
  });

  it('a failed beat is logged and tried again at the next period; the heartbeat goes on', async () => {
    const { log, lines } = capturedLog();
    const beats = recorder([new Error('ProvisionedThroughputExceeded'), new Error('InternalError')]);
    const heartbeat = new Heartbeats().start({
      keeps: "the message's visibility",
      everyMs: 500,
      beat: beats.beat,
      log,
      about: { messageId: 'm-1' },
    });

    await jest.advanceTimersByTimeAsync(1_500);
    expect(beats.at).toEqual([500, 1_000, 1_500]);
    const warnings = lines.map((line) => JSON.parse(line) as { msg: string; messageId?: string });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({
      msg: "the message's visibility could not be renewed; trying again at the next beat",
      messageId: 'm-1',
    });
    expect(heartbeat.lost.aborted).toBe(false);
    heartbeat.stop();
  });

  it('a slow beat delays the next one: never two at once, the next due a period after the slow one began', async () => {
    const { log } = capturedLog();
    let finish: (held: boolean) => void = () => undefined;
    const slow = new Promise<boolean>((resolve) => (finish = resolve));
    const beats = recorder([slow]);
    const heartbeat = new Heartbeats().start({ keeps: 'the lease', everyMs: 1_000, beat: beats.beat, log });

    await jest.advanceTimersByTimeAsync(3_500);
    expect(beats.at).toEqual([1_000]);
    finish(true);
    await jest.advanceTimersByTimeAsync(0);
    expect(beats.at).toEqual([1_000, 3_500]);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(beats.at).toEqual([1_000, 3_500, 4_500]);
    heartbeat.stop();
  });

  it('a beat that finds the thing taken by another holder aborts `lost` and beats no more', async () => {
    const { log, lines } = capturedLog();
    const beats = recorder([true, false]);
    const heartbeats = new Heartbeats();
    const heartbeat = heartbeats.start({ keeps: 'the incident claim', everyMs: 100, beat: beats.beat, log });

    await jest.advanceTimersByTimeAsync(1_000);
    expect(beats.at).toEqual([100, 200]);
    expect(heartbeat.lost.aborted).toBe(true);
    expect(heartbeats.count).toBe(0);
    expect(lines.join('\n')).toContain('the incident claim was taken by another holder; stopping');
  });

  it('a beat that resolves after stop() changes nothing; stopAll ends those a drain left behind', async () => {
    const { log, lines } = capturedLog();
    let finish: (held: boolean) => void = () => undefined;
    const heartbeats = new Heartbeats();
    const first = heartbeats.start({
      keeps: 'the lease',
      everyMs: 100,
      beat: () => new Promise<boolean>((resolve) => (finish = resolve)),
      log,
    });
    const second = recorder();
    heartbeats.start({ keeps: 'another lease', everyMs: 100, beat: second.beat, log });
    await jest.advanceTimersByTimeAsync(100);
    expect(heartbeats.count).toBe(2);

    heartbeats.stopAll();
    finish(false);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(first.lost.aborted).toBe(false);
    expect(second.at).toEqual([100]);
    expect(heartbeats.count).toBe(0);
    expect(lines).toEqual([]);
  });
});
