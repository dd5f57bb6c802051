import { scheduleInWords } from '../../../../src/platform/slack/blocks/schedule-words';

describe('scheduleInWords', () => {
  it.each([
    ['0 9 * * MON', 'UTC', 'At 09:00, only on Monday (UTC)'],
    ['30 7 * * 1-5', 'Europe/Berlin', 'At 07:30, Monday through Friday (Europe/Berlin)'],
    ['0 */6 * * *', 'UTC', 'On the hour, every 6 hours (UTC)'],
  ])('%s in %s reads "%s"', (cron, zone, words) => {
    expect(scheduleInWords(cron, zone)).toBe(words);
  });

  it('a schedule it cannot read is shown as written, as code', () => {
    expect(scheduleInWords('not a cron', 'UTC')).toBe('`not a cron` (UTC)');
  });
});
