import {
  RetryLaterError,
  type PublishProgress,
} from '../../../src/features/reports/domain/ports/report-publisher';
import { staleReport } from '../../../src/features/reports/domain/stale-report';
import { RecordingReportPublisher } from './recording-report-publisher';

const report = staleReport(
  { source: 'listing', generatedAt: new Date(0), keys: [], users: 0 },
  { thresholds: { maxAgeDays: 90, maxUnusedDays: 30 }, exempt: new Set(), now: new Date(0) },
);
const target = { channel: 'C0SECOPS', reportIndex: 0 };

describe('RecordingReportPublisher', () => {
  it('a retry with the same progress never posts twice; a fault strikes before the post', async () => {
    const publisher = new RecordingReportPublisher();
    const progress: PublishProgress = {};
    publisher.faults.fail('publish', new RetryLaterError(10));
    await expect(publisher.publish(target, report, progress)).rejects.toBeInstanceOf(RetryLaterError);
    expect(progress.messageTs).toBeUndefined();
    await publisher.publish(target, report, progress);
    await publisher.publish(target, report, progress);
    expect(publisher.posts).toHaveLength(1);
    expect(publisher.attempts).toBe(3);
  });
});
