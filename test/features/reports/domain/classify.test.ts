import { classify, staleReasons, worstFirst } from '../../../../src/features/reports/domain/classify';
import type { KeyFacts } from '../../../../src/kernel/key-facts/key-facts';
import { mergeReports, staleReport } from '../../../../src/features/reports/domain/stale-report';
import { DEFAULT_THRESHOLDS, thresholdsFor } from '../../../../src/features/reports/domain/thresholds';
import type { IamUserName } from '../../../../src/kernel/types';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const thresholds = { maxAgeDays: 90, maxUnusedDays: 30 };
const none = new Set<string>();

function key(overrides: Partial<KeyFacts> = {}): KeyFacts {
  return {
    owner: 'alice' as IamUserName,
    slot: 1,
    status: 'Active',
    createdAt: ago(10 * DAY),
    lastUse: { at: ago(DAY), service: 's3', region: 'eu-west-1' },
    ...overrides,
  };
}

describe('staleReasons: elapsed time against N x 24 h', () => {
  it('an active key exactly maxAgeDays old is not stale; one second older is', () => {
    expect(staleReasons(key({ createdAt: ago(90 * DAY) }), thresholds, NOW)).toEqual([]);
    expect(staleReasons(key({ createdAt: ago(90 * DAY + 1000) }), thresholds, NOW)).toEqual(['too-old']);
  });

  it('a key last used exactly maxUnusedDays ago is not stale; one second earlier is', () => {
    const at = (ms: number) => key({ lastUse: { at: ago(ms), service: 's3', region: 'us-east-1' } });
    expect(staleReasons(at(30 * DAY), thresholds, NOW)).toEqual([]);
    expect(staleReasons(at(30 * DAY + 1000), thresholds, NOW)).toEqual(['unused']);
  });

  it('a key never used is stale only once it is older than maxUnusedDays', () => {
    const never = (age: number) => key({ createdAt: ago(age), lastUse: {} });
    expect(staleReasons(never(2 * 3600_000), thresholds, NOW)).toEqual([]);
    expect(staleReasons(never(30 * DAY), thresholds, NOW)).toEqual([]);
    expect(staleReasons(never(30 * DAY + 1000), thresholds, NOW)).toEqual(['never-used']);
    expect(staleReasons(never(400 * DAY), thresholds, NOW)).toEqual(['too-old', 'never-used']);
  });

  it('keeps every reason that applies', () => {
    const old = key({ createdAt: ago(400 * DAY), lastUse: { at: ago(200 * DAY) } });
    expect(staleReasons(old, thresholds, NOW)).toEqual(['too-old', 'unused']);
  });

  it('0 means "any": a key one second old, or used one second ago, is stale', () => {
    const fresh = key({ createdAt: ago(1000), lastUse: { at: ago(1000) } });
    expect(staleReasons(fresh, { maxAgeDays: 0, maxUnusedDays: 0 }, NOW)).toEqual(['too-old', 'unused']);
  });

  it('compares instants, not calendar days: 89 days and 23 hours is not 90 days', () => {
    expect(staleReasons(key({ createdAt: ago(90 * DAY - 3600_000) }), thresholds, NOW)).toEqual([]);
  });
});

describe('classify', () => {
  it('leaves out inactive keys, however old and unused', () => {
    const inactive = key({ status: 'Inactive', createdAt: ago(900 * DAY), lastUse: {} });
    expect(classify([inactive], { thresholds, exempt: none, now: NOW })).toEqual([]);
  });

  it('leaves out exempt users and keeps everyone else', () => {
    const old = { createdAt: ago(900 * DAY) };
    const keys = [
      key({ ...old, owner: 'ci-deploy' as IamUserName }),
      key({ ...old, owner: 'bob' as IamUserName }),
    ];
    const stale = classify(keys, { thresholds, exempt: new Set(['ci-deploy']), now: NOW });
    expect(stale.map((k) => k.owner)).toEqual(['bob']);
    expect(stale[0]?.reasons).toEqual(['too-old']);
  });
});

describe('worstFirst and the report counts', () => {
  it('puts the longest idle first (never used counts from creation), then the oldest', () => {
    const a = key({ owner: 'a' as IamUserName, createdAt: ago(100 * DAY), lastUse: { at: ago(40 * DAY) } });
    const b = key({ owner: 'b' as IamUserName, createdAt: ago(95 * DAY), lastUse: {} });
    const c = key({ owner: 'c' as IamUserName, createdAt: ago(300 * DAY), lastUse: { at: ago(40 * DAY) } });
    const d = key({ owner: 'd' as IamUserName, createdAt: ago(500 * DAY), lastUse: { at: ago(DAY) } });
    expect([a, b, c, d].sort(worstFirst).map((k) => k.owner)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('counts stale keys, distinct users and each reason', () => {
    const report = staleReport(
      {
        source: 'credential-report',
        generatedAt: ago(2 * 3600_000),
        users: 3,
        keys: [
          key({ owner: 'a' as IamUserName, slot: 1, createdAt: ago(400 * DAY), lastUse: {} }),
          key({
            owner: 'a' as IamUserName,
            slot: 2,
            createdAt: ago(50 * DAY),
            lastUse: { at: ago(45 * DAY) },
          }),
          key({ owner: 'b' as IamUserName, createdAt: ago(5 * DAY), lastUse: { at: ago(DAY) } }),
          key({ owner: 'c' as IamUserName, status: 'Inactive', createdAt: ago(400 * DAY) }),
        ],
      },
      { thresholds, exempt: none, now: NOW },
    );
    expect(report.counts).toEqual({
      keys: 2,
      users: 1,
      // Both of a's keys are active: CIS's "one active key per user" finds each of them.
      byReason: { 'too-old': 1, unused: 1, 'never-used': 1, 'more-than-one-active': 2 },
    });
    expect(report.scanned).toEqual({ users: 3, keys: 4 });
    expect([...report.keys].map((k) => k.slot)).toEqual([1, 2]);
  });
});

describe('mergeReports: owners with a stale key', () => {
  const scanOf = (owners: string[]) => ({
    source: 'credential-report' as const,
    generatedAt: NOW,
    users: owners.length,
    keys: owners.map((owner) => key({ owner: owner as IamUserName, createdAt: ago(400 * DAY) })),
  });
  const part = (account: string, owners: string[]) =>
    staleReport(scanOf(owners), { thresholds, exempt: none, now: NOW, account: { name: account } });

  it('counts each account apart: the same name in two accounts is two owners, twice a key one', () => {
    const merged = mergeReports([part('prod', ['alice', 'bob']), part('dev', ['alice'])], thresholds, NOW);
    expect(merged.counts.users).toBe(3);
    expect(merged.counts.keys).toBe(3);
  });

  it('counts from the keys when two parts are of one account (never twice the same owner)', () => {
    const merged = mergeReports([part('prod', ['alice', 'bob']), part('prod', ['alice'])], thresholds, NOW);
    expect(merged.counts.users).toBe(2);
  });
});

describe('thresholdsFor', () => {
  it('uses the entry asked for, else the first entry, else the CIS defaults, 90 and 45 days', () => {
    const reports = [
      { maxAgeDays: 60, maxUnusedDays: 10 },
      { maxAgeDays: 365, maxUnusedDays: 90 },
    ];
    expect(thresholdsFor(reports, 1)).toEqual({ maxAgeDays: 365, maxUnusedDays: 90 });
    expect(thresholdsFor(reports)).toEqual({ maxAgeDays: 60, maxUnusedDays: 10 });
    expect(thresholdsFor(reports, 7)).toEqual({ maxAgeDays: 60, maxUnusedDays: 10 });
    expect(thresholdsFor([])).toEqual(DEFAULT_THRESHOLDS);
    expect(DEFAULT_THRESHOLDS).toEqual({ maxAgeDays: 90, maxUnusedDays: 45 });
  });
});

describe('classify with an account', () => {
  it('sets the account on every stale key and keeps each key as it came, by slot or by id', () => {
    const bySlot = key({ createdAt: ago(100 * DAY) });
    const { slot: _slot, ...rest } = key({ owner: 'bob' as IamUserName, createdAt: ago(100 * DAY) });
    const byId: KeyFacts = { ...rest, keyId: 'AKIAEXAMPLE0000BOB01' as KeyFacts['keyId'] };
    const fresh = key({ owner: 'carol' as IamUserName });
    const options = { thresholds, exempt: none, now: NOW, account: 'prod' };
    const stale = classify([bySlot, byId, fresh], options);
    expect(stale).toStrictEqual([
      { ...bySlot, reasons: ['too-old'], account: 'prod' },
      { ...byId, reasons: ['too-old'], account: 'prod' },
    ]);
    expect(classify([bySlot], { thresholds, exempt: none, now: NOW })).toStrictEqual([
      { ...bySlot, reasons: ['too-old'] },
    ]);
  });
});
