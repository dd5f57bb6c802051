import {
  accountSpans,
  csvRowsByAccount,
  maxOverlap,
  readReport,
  slotGaps,
  type TimedCall,
} from '../../bench/org-checks';
import type { KeyFacts } from '../../src/kernel/key-facts/key-facts';
import { mergeReports, staleReport } from '../../src/features/reports/domain/stale-report';
import type { IamUserName } from '../../src/kernel/types';
import { staleReportBlocks } from '../../src/features/reports/slack/stale-report';
import { staleReportCsv } from '../../src/features/reports/slack/stale-report-csv';

const NOW = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const THRESHOLDS = { maxAgeDays: 90, maxUnusedDays: 30 };

function key(owner: string, ageDays: number): KeyFacts {
  return {
    owner: owner as IamUserName,
    status: 'Active',
    createdAt: new Date(NOW.getTime() - ageDays * DAY),
    lastUse: {},
  };
}

function call(accountId: string, arrivedMs: number, answeredMs: number): TimedCall {
  return { accountId, action: 'GetCredentialReport', status: 200, arrivedMs, answeredMs };
}

describe("the organization bench's checks", () => {
  it('counts accounts in flight at once from their calls, a span ending as another starts not overlapping', () => {
    const twoAtATime = accountSpans([
      call('a', 0, 5),
      call('b', 1, 4),
      call('a', 6, 10),
      call('c', 10, 20),
      call('b', 8, 12),
    ]);
    expect(twoAtATime.map((span) => [span.accountId, span.fromMs, span.toMs, span.calls])).toEqual([
      ['a', 0, 10, 2],
      ['b', 1, 12, 2],
      ['c', 10, 20, 1],
    ]);
    expect(maxOverlap(twoAtATime)).toBe(2);
    expect(maxOverlap(accountSpans([call('a', 0, 10), call('b', 1, 10), call('c', 2, 10)]))).toBe(3);
    expect(slotGaps(twoAtATime, 2)).toEqual([0]);
  });

  it("reads the per-account lines and the total out of the bot's report blocks, and the CSV's rows by account", () => {
    const report = mergeReports(
      [
        staleReport(
          {
            source: 'credential-report',
            generatedAt: NOW,
            users: 2,
            keys: [key('ann', 200), key('bob', 10)],
          },
          { thresholds: THRESHOLDS, exempt: new Set(), now: NOW, account: { name: 'home' } },
        ),
        staleReport(
          {
            source: 'credential-report',
            generatedAt: NOW,
            users: 3,
            keys: [key('cy', 100), key('dee', 400), key('eve', 1_000)],
          },
          {
            thresholds: THRESHOLDS,
            exempt: new Set(),
            now: NOW,
            account: { name: 'prod', id: '111111111111' },
          },
        ),
        {
          account: { name: 'lost', id: '222222222222' },
          staleKeys: 0,
          scanned: { users: 0, keys: 0 },
          failure: 'access denied in IAM',
        },
      ],
      THRESHOLDS,
      NOW,
    );
    const view = staleReportBlocks(report, NOW, { reportIndex: -1, fullListIn: 'dm' });
    expect(readReport(view.reply.blocks)).toEqual({
      total: 4,
      checked: 5,
      accounts: [
        { label: 'home', stale: 1, keys: 2 },
        { label: 'prod (111111111111)', stale: 3, keys: 3 },
      ],
      failed: ['lost'],
      failedWhy: ['access denied in IAM'],
      unreachable: 1,
      unreachableUnnamed: 0,
    });
    expect(csvRowsByAccount(staleReportCsv(report, NOW))).toEqual(
      new Map([
        ['prod', 3],
        ['home', 1],
      ]),
    );
  });
});
