import { scheduleReports } from '../../../src/features/reports/domain/report-schedules';
import { FakeScheduler } from './fake-scheduler';

describe('FakeScheduler', () => {
  it('holds the jobs by name and fires them only once started, with the scheduled instant', async () => {
    const scheduler = new FakeScheduler();
    const runs: [number, Date][] = [];
    const entry = {
      channel: 'C0SECOPS',
      schedule: '0 9 * * MON',
      timezone: 'UTC',
      maxAgeDays: 90,
      maxUnusedDays: 30,
    };
    scheduleReports(scheduler, [entry], async (index, at) => {
      runs.push([index, at]);
    });
    const at = new Date('2026-11-23T09:00:00Z');
    await expect(scheduler.fireCron('report 0 (C0SECOPS)', at)).rejects.toThrow('not started');
    scheduler.start();
    await scheduler.fireCron('report 0 (C0SECOPS)', at);
    expect(runs).toEqual([[0, at]]);
    expect(scheduler.crons[0]?.when).toMatchObject({ schedule: '0 9 * * MON', timezone: 'UTC' });
    await expect(scheduler.tick('sweep')).rejects.toThrow('no job named sweep');
  });
});
