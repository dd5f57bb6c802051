import { blockErrors } from '../../../../sandbox/slack/block-limits';
import { viewErrors } from '../../../../sandbox/slack/view-limits';
import { classify } from '../../../../src/features/reports/domain/classify';
import type { KeyFacts } from '../../../../src/kernel/key-facts/key-facts';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import { MAX_NUDGE_KEYS, ownerNudgeBlocks } from '../../../../src/features/reports/slack/owner-nudge';
import { snoozeModal } from '../../../../src/features/reports/slack/snooze-modal';
import { dataAsOf, findingText, KEY_IDS_NOT_FOUND } from '../../../../src/features/reports/slack/stale-texts';
import {
  parseSnoozeSubmission,
  SNOOZE_PERIOD_INVALID,
  SNOOZE_PERIOD_TOO_LONG,
  SNOOZE_REASON_MISSING,
} from '../../../../src/features/reports/slack/parse-snooze-submission';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const CIS = { maxAgeDays: 90, maxUnusedDays: 45 };
const key = (owner: string, overrides: Partial<KeyFacts> = {}): KeyFacts => ({
  owner: owner as IamUserName,
  account: 'prod',
  slot: 1,
  status: 'Active',
  createdAt: new Date(NOW.getTime() - 200 * DAY),
  lastUse: {},
  ...overrides,
});

describe('the findings, by their CIS titles', () => {
  it('names rotation, unused credentials and the second active key as CIS AWS Foundations does', () => {
    // CIS AWS Foundations 1.14 ("rotated every 90 days or less"), 1.12 ("credentials unused for 45
    // days or greater"), 1.13 ("only one active access key"), numbered as in v1.5 to v3.0.
    expect(findingText('too-old', CIS)).toBe('not rotated in 90 days or less (CIS 1.14)');
    expect(findingText('unused', CIS)).toBe('credentials unused for 45 days or more (CIS 1.12)');
    expect(findingText('never-used', CIS)).toBe(
      'credentials unused for 45 days or more, never used (CIS 1.12)',
    );
    expect(findingText('more-than-one-active', CIS)).toBe('more than one active key (CIS 1.13)');
  });

  it('finds two active keys of one user (names in any case), but not an active and an inactive one', () => {
    const fresh = { createdAt: new Date(NOW.getTime() - DAY), lastUse: { at: NOW } };
    const found = classify(
      [key('dave', { ...fresh, slot: 1 }), key('DAVE', { ...fresh, slot: 2 }), key('erin', fresh)],
      { thresholds: CIS, exempt: new Set(), now: NOW },
    );
    expect(found.map((k) => [k.owner, k.reasons])).toEqual([
      ['dave', ['more-than-one-active']],
      ['DAVE', ['more-than-one-active']],
    ]);
    const one = classify([key('erin', fresh), key('erin', { ...fresh, slot: 2, status: 'Inactive' })], {
      thresholds: CIS,
      exempt: new Set(),
      now: NOW,
    });
    expect(one).toEqual([]);
  });

  it('gives a key never used its grace: no finding until it is older than maxUnusedDays', () => {
    const options = { thresholds: CIS, exempt: new Set<string>(), now: NOW };
    expect(classify([key('new', { createdAt: new Date(NOW.getTime() - 44 * DAY) })], options)).toEqual([]);
    expect(
      classify([key('old', { createdAt: new Date(NOW.getTime() - 46 * DAY) })], options)[0]?.reasons,
    ).toEqual(['never-used']);
  });

  it('says how old the data is, with the date when it is not today', () => {
    expect(dataAsOf(new Date('2026-06-15T09:00:00Z'), 'credential-report', NOW)).toBe(
      "Data as of 09:00 UTC, from IAM's credential report",
    );
    expect(dataAsOf(new Date('2026-06-14T23:30:00Z'), 'listing', NOW)).toBe(
      "Data as of 2026-06-14 23:30 UTC, from listing every user's keys",
    );
  });
});

describe('ownerNudgeBlocks', () => {
  it('stays within Block Kit limits with many keys, and says how many are left out', () => {
    const keys = classify(
      Array.from({ length: 30 }, (_, i) => key(`${'u'.repeat(58)}-${String(i).padStart(5, '0')}`)),
      { thresholds: CIS, exempt: new Set(), now: NOW },
    );
    const reply = ownerNudgeBlocks(
      {
        owner: 'U0ALICE' as SlackUserId,
        keys,
        thresholds: CIS,
        reportIndex: 0,
        generatedAt: NOW,
        source: 'credential-report',
        runId: '0.C0SECOPS@x',
      },
      NOW,
    );
    expect(blockErrors(reply.blocks)).toEqual([]);
    expect(reply.blocks.filter((block) => block.type === 'actions')).toHaveLength(MAX_NUDGE_KEYS);
    expect(JSON.stringify(reply.blocks)).toContain('…and 10 more keys');
    expect(reply.text).toBe('You have 30 stale access keys to rotate, deactivate or snooze.');
  });

  it('names a key by its id where one was found, by slot where not, and says why', () => {
    const [named, unnamed] = classify([key('alice'), key('alice', { slot: 2 })], {
      thresholds: CIS,
      exempt: new Set(),
      now: NOW,
    });
    const nudge = {
      owner: 'U0ALICE' as SlackUserId,
      keys: [{ ...named!, keyId: 'AKIAIOSFODNN7EXAMPLE' as KeyId }, unnamed!],
      thresholds: CIS,
      reportIndex: 0,
      generatedAt: NOW,
      source: 'credential-report' as const,
      runId: '0.C0SECOPS@x',
    };
    const text = JSON.stringify(ownerNudgeBlocks({ ...nudge, keyIdsMissing: 1 }, NOW).blocks);
    expect(text).toContain('· `alice` · `AKIAIOSFODNN7EXAMPLE` · created');
    expect(text).toContain('· `alice` · access key 2 · created');
    expect(text).toContain(
      `1 key is named by slot (access key 1 or 2) and creation date: ${KEY_IDS_NOT_FOUND}`,
    );
    expect(JSON.stringify(ownerNudgeBlocks(nudge, NOW).blocks)).not.toContain(KEY_IDS_NOT_FOUND);
  });
});

describe("a nudge's buttons", () => {
  it("carry the account's twelve digits where the run knew them, Snooze's too", () => {
    const keys = classify([key('alice')], { thresholds: CIS, exempt: new Set(), now: NOW });
    const reply = ownerNudgeBlocks(
      {
        owner: 'U0ALICE' as SlackUserId,
        keys,
        thresholds: CIS,
        reportIndex: 0,
        accountIds: new Map([['prod', '111111111111']]),
        generatedAt: NOW,
        source: 'credential-report',
        runId: '0.C0SECOPS@x',
      },
      NOW,
    );
    const values = JSON.stringify(reply.blocks).match(/\\"i\\":\\"111111111111\\"/g) ?? [];
    // Rotate, Deactivate and Snooze.
    expect(values).toHaveLength(3);
  });
});

describe('the snooze form', () => {
  it('is a modal Slack accepts', () => {
    const view = snoozeModal({
      owner: 'alice' as IamUserName,
      account: 'prod',
      createdAt: NOW,
      reportIndex: 0,
    });
    expect(viewErrors(view, 'modal')).toEqual([]);
  });

  const values = (reason: unknown, days: unknown) => ({
    'snooze.reason': { reason: { type: 'plain_text_input', value: reason } },
    'snooze.period': { days: { type: 'number_input', value: days } },
  });

  it.each([
    ['no reason', values(null, '7'), { 'snooze.reason': SNOOZE_REASON_MISSING }],
    ['31 days', values('vendor', '31'), { 'snooze.period': SNOOZE_PERIOD_TOO_LONG }],
    ['0 days', values('vendor', '0'), { 'snooze.period': SNOOZE_PERIOD_INVALID }],
    ['half a day', values('vendor', '0.5'), { 'snooze.period': SNOOZE_PERIOD_INVALID }],
    [
      'no inputs at all',
      {},
      { 'snooze.reason': SNOOZE_REASON_MISSING, 'snooze.period': SNOOZE_PERIOD_INVALID },
    ],
  ])('refuses %s, naming the input', (_name, submitted, errors) => {
    expect(parseSnoozeSubmission(submitted)).toEqual({ ok: false, errors });
  });

  it('takes 1 to 30 days and a trimmed reason, from a number input or a select', () => {
    expect(parseSnoozeSubmission(values('  vendor  ', '30'))).toEqual({
      ok: true,
      ask: { days: 30, reason: 'vendor' },
    });
    expect(
      parseSnoozeSubmission({
        'snooze.reason': { reason: { value: 'x' } },
        'snooze.period': { days: { type: 'static_select', selected_option: { value: '14' } } },
      }),
    ).toEqual({ ok: true, ask: { days: 14, reason: 'x' } });
  });
});
