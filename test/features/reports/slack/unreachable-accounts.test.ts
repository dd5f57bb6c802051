import { blockErrors } from '../../../../sandbox/slack/block-limits';
import {
  mergeReports,
  staleReport,
  type AccountSection,
} from '../../../../src/features/reports/domain/stale-report';
import { staleReportFile } from '../../../../src/features/reports/slack/stale-report-csv';
import { staleReportBlocks } from '../../../../src/features/reports/slack/stale-report';
import type { IamUserName } from '../../../../src/kernel/types';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const thresholds = { maxAgeDays: 90, maxUnusedDays: 30 };

/** An account reached, holding `stale` keys older than the thresholds. */
function reached(name: string, stale: number) {
  const keys = Array.from({ length: stale }, (_, i) => ({
    owner: `user-${i}` as IamUserName,
    slot: 1 as const,
    status: 'Active' as const,
    createdAt: new Date(NOW.getTime() - 200 * DAY),
    lastUse: { at: new Date(NOW.getTime() - 100 * DAY) },
  }));
  return staleReport(
    { source: 'credential-report', generatedAt: NOW, keys, users: stale, rootActiveKeys: 0 },
    { thresholds, exempt: new Set(), now: NOW, account: { name, id: '111122223333' } },
  );
}

function unreached(name: string, failure: string): AccountSection {
  return { account: { name }, staleKeys: 0, scanned: { users: 0, keys: 0 }, failure };
}

const texts = (blocks: unknown) => JSON.stringify(blocks);

describe('the accounts a report could not reach', () => {
  it('are a section of their own, each with its reason, apart from the findings', () => {
    const report = mergeReports(
      [
        reached('prod', 3),
        unreached(
          'staging',
          'account staging: the role cannot be assumed (access denied: check its trust policy and ExternalId)',
        ),
        unreached('sandbox', 'account sandbox: STS kept throttling AssumeRole'),
        unreached('logs', 'the credential report was not ready in time'),
      ],
      thresholds,
      NOW,
    );

    const { reply } = staleReportBlocks(report, NOW, { reportIndex: 0, fullListIn: 'thread' });

    const sections = reply.blocks.map((block) => texts(block));
    const apart = sections.filter((text) => text.includes('could not be reached'));
    expect(apart).toHaveLength(1);
    expect(apart[0]).toContain('3 of 4 accounts could not be reached; their keys are not in this report');
    expect(apart[0]).toContain('*staging*: account staging: the role cannot be assumed (access denied');
    expect(apart[0]).toContain('*sandbox*: account sandbox: STS kept throttling AssumeRole');
    expect(apart[0]).toContain('*logs*: the credential report was not ready in time');
    // The findings' per-account lines name only the account that was scanned.
    const findings = sections.find((text) => text.includes('stale keys of'));
    expect(findings).toContain('prod');
    expect(findings).not.toContain('staging');
  });

  it('with hundreds unreachable, name as many as fit, count the rest, and stay within Block Kit', () => {
    const parts = [
      reached('home', 30),
      ...Array.from({ length: 300 }, (_, i) =>
        unreached(`acct-${i}`, `account acct-${i}: STS kept throttling AssumeRole`),
      ),
    ];
    const report = mergeReports(parts, thresholds, NOW);

    const { reply } = staleReportBlocks(report, NOW, { reportIndex: 0, fullListIn: 'dm' });

    expect(blockErrors(reply.blocks)).toEqual([]);
    const apart = reply.blocks
      .map((block) => texts(block))
      .find((text) => text.includes('could not be reached'));
    expect(apart).toContain('300 of 301 accounts could not be reached');
    const named = (apart?.match(/acct-\d+\*/g) ?? []).length;
    expect(named).toBeGreaterThan(10);
    expect(apart).toContain(`…and ${300 - named} accounts more, in the log`);
  });

  it('are named in the shared file’s comment too', () => {
    const report = mergeReports(
      [reached('prod', 30), unreached('staging', 'the credential report was not ready in time')],
      thresholds,
      NOW,
    );
    expect(staleReportFile(report, NOW).comment).toBe(
      'All 30 stale access keys, worst first. 1 of 2 accounts could not be reached; their keys are not in this report: staging.',
    );
  });

  it('say nothing when every account was reached', () => {
    const report = mergeReports([reached('prod', 2), reached('staging', 1)], thresholds, NOW);
    const { reply } = staleReportBlocks(report, NOW, { reportIndex: 0, fullListIn: 'thread' });
    expect(texts(reply.blocks)).not.toContain('could not be reached');
    expect(staleReportFile(report, NOW).comment).toBe('All 3 stale access keys, worst first.');
  });
});
