import {
  DEFAULT_THRESHOLDS,
  ON_DEMAND,
  thresholdsFor,
} from '../../../../src/features/reports/domain/thresholds';

describe('thresholdsFor', () => {
  const reports = [
    { maxAgeDays: 60, maxUnusedDays: 10 },
    { maxAgeDays: 365, maxUnusedDays: 90 },
  ];

  it("an entry's own thresholds; /keys stale and a vanished entry get the first entry's", () => {
    expect(thresholdsFor(reports, 1)).toEqual({ maxAgeDays: 365, maxUnusedDays: 90 });
    expect(thresholdsFor(reports, ON_DEMAND)).toEqual({ maxAgeDays: 60, maxUnusedDays: 10 });
    expect(thresholdsFor(reports, 7)).toEqual({ maxAgeDays: 60, maxUnusedDays: 10 });
  });

  it('without any entry, 90 and 45 days (CIS)', () => {
    expect(thresholdsFor([])).toEqual(DEFAULT_THRESHOLDS);
    expect(DEFAULT_THRESHOLDS).toEqual({ maxAgeDays: 90, maxUnusedDays: 45 });
  });
});
