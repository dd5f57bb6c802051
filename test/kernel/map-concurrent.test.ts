import { mapConcurrent } from '../../src/kernel/map-concurrent';

describe('mapConcurrent', () => {
  it('keeps input order with at most `limit` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapConcurrent([5, 1, 4, 2, 3], 2, async (n, index) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight--;
      return `${index}:${n}`;
    });
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3']);
    expect(most).toBe(2);
  });

  it('an empty list calls nothing; a failure rejects the whole', async () => {
    const fn = jest.fn(async () => 1);
    expect(await mapConcurrent([], 4, fn)).toEqual([]);
    expect(fn).not.toHaveBeenCalled();
    await expect(
      mapConcurrent([1, 2], 2, async (n) => (n === 2 ? Promise.reject(new Error('no')) : n)),
    ).rejects.toThrow('no');
  });
});
