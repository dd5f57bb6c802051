import fc from 'fast-check';
import {
  AimdLimit,
  mapAdaptive,
  type Pressure,
} from '../../../../src/features/reports/domain/adaptive-concurrency';

/** A call the test finishes by hand, so what is in flight at each moment is known exactly. */
interface Pending {
  item: number;
  pressure: Pressure;
  finish(): void;
}

function manual() {
  const pending: Pending[] = [];
  let inFlight = 0;
  let most = 0;
  const fn = (item: number, pressure: Pressure) =>
    new Promise<number>((resolve) => {
      inFlight++;
      most = Math.max(most, inFlight);
      pending.push({
        item,
        pressure,
        finish: () => {
          inFlight--;
          resolve(item * 10);
        },
      });
    });
  return { pending, fn, inFlight: () => inFlight, most: () => most };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('AimdLimit and mapAdaptive: accounts at once, adapted to throttling', () => {
  it('starts at its initial width and adds one per account finished without a throttle, up to its bound', async () => {
    let now = 0;
    const limit = new AimdLimit({ min: 1, max: 5, initial: 2 }, () => now);
    const calls = manual();
    const done = mapAdaptive([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], limit, calls.fn);
    await settle();
    expect(calls.inFlight()).toBe(2);

    calls.pending.shift()?.finish();
    await settle();
    // One finished and the width grew by one: three in flight.
    expect(limit.current).toBe(3);
    expect(calls.inFlight()).toBe(3);

    while (calls.pending.length > 0) {
      calls.pending.shift()?.finish();
      await settle();
      now += 10;
    }
    expect(await done).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(limit.current).toBe(5);
    expect(calls.most()).toBeLessThanOrEqual(5);
  });

  it('halves on a throttle, once a second however many accounts meet it, and lets those in flight finish', async () => {
    let now = 0;
    const limit = new AimdLimit({ min: 1, max: 16, initial: 8 }, () => now);
    const calls = manual();
    const done = mapAdaptive(
      Array.from({ length: 20 }, (_, i) => i),
      limit,
      calls.fn,
    );
    await settle();
    expect(calls.inFlight()).toBe(8);

    for (const call of calls.pending) call.pressure.throttled();
    expect(limit.current).toBe(4);
    // Finishing throttled accounts does not widen again; nothing starts until fewer than 4 are left.
    for (let i = 0; i < 4; i++) calls.pending.shift()?.finish();
    await settle();
    expect(calls.inFlight()).toBe(4);
    expect(limit.current).toBe(4);

    now += 1_000;
    calls.pending[0]?.pressure.throttled();
    expect(limit.current).toBe(2);
    while (calls.pending.length > 0) {
      calls.pending.shift()?.finish();
      await settle();
    }
    await done;
    expect(limit.current).toBeGreaterThanOrEqual(2);
  });

  it('never goes below its minimum nor above its maximum, whatever happens', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 4, max: 64 }),
        fc.array(fc.oneof(fc.constant('ok' as const), fc.integer({ min: 0, max: 3000 }))),
        (min, max, events) => {
          let now = 0;
          const limit = new AimdLimit({ min, max, initial: max }, () => now);
          for (const event of events) {
            if (event === 'ok') limit.succeeded();
            else {
              now += event;
              limit.throttled();
            }
            if (limit.current < min || limit.current > max) return false;
          }
          return true;
        },
      ),
    );
  });

  it('rejects with the first call that throws', async () => {
    const limit = new AimdLimit({ min: 1, max: 2, initial: 2 }, () => 0);
    await expect(
      mapAdaptive([1, 2, 3], limit, async (item) => {
        if (item === 2) throw new Error('boom');
        return item;
      }),
    ).rejects.toThrow('boom');
  });
});
