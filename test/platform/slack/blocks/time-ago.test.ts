import { lastUsedAgo, timeAgo } from '../../../../src/platform/slack/blocks/time-ago';

const NOW = new Date('2026-12-07T12:00:00Z');
const before = (ms: number) => new Date(NOW.getTime() - ms);

describe('timeAgo', () => {
  it.each([
    [20_000, 'just now'],
    [5 * 60_000, '5 min ago'],
    [2 * 3_600_000 + 59 * 60_000, '2 h ago'],
    [47 * 3_600_000, '47 h ago'],
    [3 * 86_400_000 + 5_000, '3 days ago'],
  ])('%d ms before is "%s"', (ms, words) => {
    expect(timeAgo(before(ms), NOW)).toBe(words);
  });

  it('a key never used says so', () => {
    expect(lastUsedAgo(undefined, NOW)).toBe('never used');
    expect(lastUsedAgo(before(2 * 3_600_000), NOW)).toBe('last used 2 h ago');
  });
});
