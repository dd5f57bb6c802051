import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { blockErrors } from '../../../../sandbox/slack/block-limits';
import type { KeyFacts } from '../../../../src/kernel/key-facts/key-facts';
import { staleReport } from '../../../../src/features/reports/domain/stale-report';
import type { StaleKey } from '../../../../src/features/reports/domain/classify';
import { MAX_SNOOZE_REASON, type Snooze } from '../../../../src/features/reports/domain/snooze';
import { MAX_SNOOZED_KEPT } from '../../../../src/features/reports/domain/stale-report';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import {
  parseReportButtonValue,
  reportButtonValue,
  STALE_DEACTIVATE_ACTION,
  STALE_NUDGE_OWNER_ACTION,
  STALE_REQUEST_DELETION_ACTION,
} from '../../../../src/features/reports/slack/report-button';
import {
  lineChoice,
  lineMenu,
  STALE_LINE_MENU_ACTION,
} from '../../../../src/features/reports/slack/report-line-menu';
import { NUDGE_ROTATE_ACTION } from '../../../../src/features/reports/slack/owner-nudge';
import {
  staleReportCsv,
  staleReportCsvPieces,
} from '../../../../src/features/reports/slack/stale-report-csv';
import {
  formatDataAge,
  IGNORED_TITLE,
  MAX_KEYS_SHOWN,
  SNOOZED_TITLE,
  staleReportBlocks,
} from '../../../../src/features/reports/slack/stale-report';
import { KEY_IDS_NOT_FOUND } from '../../../../src/features/reports/slack/stale-texts';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;

function account(stale: number): KeyFacts[] {
  return Array.from({ length: stale }, (_, i) => ({
    // The longest names IAM allows, to push every text and value to its size.
    owner: `${'u'.repeat(58)}-${String(i).padStart(5, '0')}` as IamUserName,
    slot: 1 as const,
    status: 'Active' as const,
    createdAt: new Date(NOW.getTime() - (100 + i) * DAY),
    lastUse: {
      at: new Date(NOW.getTime() - (40 + i) * DAY),
      service: 'cloudformation',
      region: 'ap-southeast-2',
    },
  }));
}

const report = (keys: KeyFacts[], generatedAt = new Date(NOW.getTime() - 2 * 3600_000)) =>
  staleReport(
    { source: 'credential-report', generatedAt, keys, users: keys.length, rootActiveKeys: 1 },
    { thresholds: { maxAgeDays: 90, maxUnusedDays: 30 }, exempt: new Set(), now: NOW },
  );

describe('staleReportBlocks', () => {
  it('keeps a large report within Block Kit limits and says the rest is in a file', () => {
    const big = report(account(500));
    const view = staleReportBlocks(big, NOW, { reportIndex: 0, fullListIn: 'thread' });
    expect(view.complete).toBe(false);
    expect(view.reply.blocks.length).toBeLessThanOrEqual(50);
    expect(blockErrors(view.reply.blocks)).toEqual([]);
    const text = JSON.stringify(view.reply.blocks);
    expect(text).toContain(`Showing the ${MAX_KEYS_SHOWN} worst of 500`);
    expect(text).toContain('in the thread as a CSV file');
    expect(text).toContain("Data as of 10:00 UTC, from IAM's credential report (generated 2 h ago)");
    expect(text).toContain('root account has 1 active access key');
  });

  it("gives each key one menu (Rotate, Deactivate, Request deletion, Nudge owner) standing for actions' listeners", () => {
    const small = report(account(3));
    const view = staleReportBlocks(small, NOW, { reportIndex: 2, fullListIn: 'thread' });
    expect(view.complete).toBe(true);
    expect(view.reply.blocks.filter((block) => block.type === 'actions')).toHaveLength(0);
    const menus = view.reply.blocks.flatMap((block) =>
      block.type === 'section' && block.accessory?.type === 'overflow' ? [block.accessory] : [],
    );
    expect(menus).toHaveLength(3);
    for (const [i, menu] of menus.entries()) {
      expect(menu.action_id).toBe(STALE_LINE_MENU_ACTION);
      expect(menu.options.map((option) => option.text.text)).toEqual([
        'Rotate',
        'Deactivate',
        'Request deletion',
        'Nudge owner',
      ]);
      const choices = menu.options.map((option) => lineChoice(option.value ?? ''));
      expect(menu.options.every((option) => (option.value ?? '').length <= 150)).toBe(true);
      expect(choices.map((choice) => choice?.actionId)).toEqual([
        NUDGE_ROTATE_ACTION,
        STALE_DEACTIVATE_ACTION,
        STALE_REQUEST_DELETION_ACTION,
        STALE_NUDGE_OWNER_ACTION,
      ]);
      // Worst first: the key idle longest (the last one made here) leads.
      expect(parseReportButtonValue(choices[1]?.value)).toEqual({
        owner: small.keys.at(i)?.owner,
        account: 'default',
        createdAt: small.keys.at(i)?.createdAt,
        reportIndex: 2,
      });
      // Slack confirms a whole menu, not one option: red, naming the key and what Deactivate does.
      expect(menu.confirm?.style).toBe('danger');
      expect(menu.confirm?.text.text).toContain('*Deactivate* stops it at once');
    }
    expect(small.keys.at(0)?.owner).toMatch(/00002$/);
  });

  it('groups lines by account, in policy order, with a heading each when there is more than one', () => {
    const base = report(account(4));
    const accounts = ['home', 'prod'];
    // Worst first across accounts: prod, home, prod, home; the lines go home, home, prod, prod.
    const keys = [...base.keys].map((key, i) => ({ ...key, account: accounts[(i + 1) % 2] }));
    const section = base.accounts[0];
    if (!section) throw new Error('no section');
    const two = {
      ...base,
      keys,
      accounts: [
        { ...section, account: { name: 'home' } },
        { ...section, account: { name: 'prod', id: '111111111111' } },
      ],
    };
    const blocks = staleReportBlocks(two, NOW, { reportIndex: 0, fullListIn: 'thread' }).reply.blocks;
    const texts = blocks.flatMap((block) => (block.type === 'section' ? [block.text?.text ?? ''] : []));
    const headings = texts.filter((text) => text.startsWith('*:cloud:'));
    expect(headings).toEqual(['*:cloud: home*', '*:cloud: prod (111111111111)*']);
    const order = blocks.flatMap((block) =>
      block.type === 'section' && block.block_id?.startsWith('stale:') ? [block.block_id] : [],
    );
    expect(order).toEqual(['stale:1', 'stale:3', 'stale:0', 'stale:2']);
    const one = staleReportBlocks(base, NOW, { reportIndex: 0, fullListIn: 'thread' }).reply.blocks;
    expect(JSON.stringify(one)).not.toContain(':cloud:');
  });

  it('a line whose key is gone or inactive says so and loses its menu; a pending request keeps it', () => {
    const base = report(account(3));
    const at = new Date('2026-06-15T11:37:00Z');
    const marked = {
      ...base,
      marks: new Map([
        [0, { kind: 'deleted' as const, by: 'U0APRIL' as SlackUserId, at }],
        [1, { kind: 'inactive' as const }],
        [2, { kind: 'deletion-requested' as const, by: 'U0BOB' as SlackUserId, at }],
      ]),
    };
    const lines = staleReportBlocks(marked, NOW, {
      reportIndex: 0,
      fullListIn: 'thread',
    }).reply.blocks.filter(
      (block) => block.type === 'section' && block.block_id?.startsWith('stale:'),
    ) as Array<{ text?: { text: string }; accessory?: unknown }>;
    expect(lines[0]?.text?.text).toContain(':wastebasket: Deleted 2026-06-15 11:37 UTC by <@U0APRIL>');
    expect(lines[0]?.accessory).toBeUndefined();
    expect(lines[1]?.text?.text).toContain('Inactive since the data was generated');
    expect(lines[1]?.accessory).toBeUndefined();
    expect(lines[2]?.text?.text).toContain('Deletion requested by <@U0BOB> at 2026-06-15 11:37 UTC');
    expect(lines[2]?.accessory).toBeDefined();
  });

  it('the longest IAM user name and account name still fit an option value (150 characters)', () => {
    const owner = 'u'.repeat(64) as IamUserName;
    const menu = lineMenu({ owner, account: 'a'.repeat(32), createdAt: NOW, reportIndex: 1000 });
    for (const option of menu.options) {
      expect((option.value ?? '').length).toBeLessThanOrEqual(150);
      expect(parseReportButtonValue(lineChoice(option.value ?? '')?.value)?.owner).toBe(owner);
    }
    expect(lineChoice('d|0|prod|1|alice; rm -rf')).toBeUndefined();
    expect(lineChoice('z|0|prod|1|alice')).toBeUndefined();
  });

  it('says plainly when nothing is stale', () => {
    const view = staleReportBlocks(report([]), NOW, { reportIndex: 0, fullListIn: 'thread' });
    expect(view.reply.text).toBe('Stale access keys: none.');
    expect(view.reply.blocks.some((block) => block.type === 'actions')).toBe(false);
  });
});

describe('report button values', () => {
  it('refuse anything reportButtonValue could not have made', () => {
    const good = reportButtonValue({
      owner: 'alice' as IamUserName,
      createdAt: new Date('2025-01-02T03:04:05Z'),
      reportIndex: 0,
    });
    expect(parseReportButtonValue(good)?.owner).toBe('alice');
    for (const bad of [
      undefined,
      'AKIAEXAMPLE',
      '{"u":"alice; rm -rf","c":"2025-01-02T03:04:05Z","r":0}',
      '{"u":"alice","c":"yesterday","r":0}',
      '{"u":"alice","c":"2025-01-02T03:04:05Z","r":"0"}',
      'x'.repeat(5000),
    ]) {
      expect(parseReportButtonValue(bad)).toBeUndefined();
    }
  });
});

describe('staleReportCsv', () => {
  it('lists every stale key, worst first, and defuses cells a spreadsheet would run', () => {
    const keys = account(30);
    keys.push({
      ...keys[0]!,
      owner: '=cmd' as IamUserName,
      createdAt: new Date('2019-01-01T00:00:00Z'),
      lastUse: {},
    });
    const rows = parse(staleReportCsv(report(keys), NOW), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(31);
    expect(rows[0]).toMatchObject({
      user: "'=cmd",
      key: 'access_key_1',
      last_used: 'never',
      reasons: 'too-old;never-used',
    });
    expect(rows[1]?.reasons).toBe('too-old;unused');
  });

  it('is the file csv-stringify would write, quoting included', () => {
    const part = report(account(3));
    const name = 'prod, "eu"\nwest\r';
    const named = {
      ...part,
      keys: [...part.keys].map((key) => ({ ...key, account: name })),
      accounts: part.accounts.map((section) => ({ ...section, account: { name, id: '111122223333' } })),
    };
    const csv = staleReportCsv(named, NOW);
    const rows = parse(csv) as string[][];
    expect(csv).toBe(stringify(rows));
    expect(rows[0]).toEqual([
      'account',
      'account_id',
      'user',
      'key',
      'status',
      'created',
      'age_days',
      'last_used',
      'last_used_service',
      'last_used_region',
      'idle_days',
      'reasons',
      'snoozed_until',
      'key_id',
      'owner',
      'snooze_reason',
      'findings',
    ]);
    expect(rows.slice(1).map((row) => row[0])).toEqual([name, name, name]);
    // key_id is empty where IAM was not asked (the CSV names those by slot); the findings in CIS words.
    expect(rows[1]?.[13]).toBe('');
    expect(rows[1]?.[16]).toBe(
      'not rotated in 90 days or less (CIS 1.14); credentials unused for 30 days or more (CIS 1.12)',
    );
    expect(csv.split('\n')[1]?.startsWith('"prod, ""eu""')).toBe(true);
  });
});

describe('snoozes and escalations in the channel report', () => {
  const ALICE = 'U0ALICE' as SlackUserId;
  const snooze = (key: StaleKey, daysAgo: number, days: number, reason: string): Snooze => {
    const at = new Date(NOW.getTime() - daysAgo * DAY);
    return {
      key: { account: key.account ?? 'default', owner: key.owner, createdAt: key.createdAt },
      by: ALICE,
      at,
      until: new Date(at.getTime() + days * DAY),
      reason,
    };
  };
  const withSnoozes = (keys: StaleKey[], snoozes: Array<Snooze | undefined>): StaleKey[] =>
    keys.map((key, index) => {
      const found = snoozes[index];
      return found ? { ...key, snooze: found } : key;
    });

  it('lists the keys snoozed lately, ended snoozes included, within one section, and counts the rest', () => {
    const base = report(account(40));
    // The longest reason, in characters mrkdwn escapes to five times their length.
    const hostile = '<'.repeat(MAX_SNOOZE_REASON);
    const keys = withSnoozes(
      [...base.keys],
      [...base.keys].map((key, index) =>
        index < 30 ? snooze(key, index % 2 ? 3 : 10, 7, hostile) : undefined,
      ),
    );
    const view = staleReportBlocks(
      { ...base, keys, snoozed: { count: 30, keys: keys.slice(0, MAX_SNOOZED_KEPT) } },
      NOW,
      { reportIndex: 0, fullListIn: 'thread' },
    );
    expect(blockErrors(view.reply.blocks)).toEqual([]);
    expect(view.reply.blocks.length).toBeLessThanOrEqual(50);
    const section = view.reply.blocks
      .map((block) => (block as { text?: { text: string } }).text?.text ?? '')
      .find((text) => text.includes(`*${SNOOZED_TITLE}*`));
    expect(section?.length).toBeLessThanOrEqual(3000);
    expect(section).toContain(`*${SNOOZED_TITLE}*: 30 keys snoozed by their owners in the last 30 days`);
    expect(section).toMatch(/until 2026-06-12 \(ended\): &lt;/);
    expect(section).toMatch(/until 2026-06-19: &lt;/);
    expect(section).toMatch(/…and 2\d more keys$/);
    expect(section).not.toContain('<<');
  });

  it('names an escalated key with its owner, its first nudge, the scheduled runs since, and its snooze', () => {
    const base = report(account(2));
    const [first, second] = withSnoozes([...base.keys], [snooze(base.keys.at(0)!, 1, 7, 'vendor')]);
    const view = staleReportBlocks(
      {
        ...base,
        ignored: [
          {
            key: { ...first!, keyId: 'AKIAIOSFODNN7EXAMPLE' as KeyId },
            ownerSlack: ALICE,
            runsSinceFirstNudge: 3,
            firstNudgedAt: new Date('2026-05-01T09:00:00Z'),
          },
          { key: second!, runsSinceFirstNudge: 1 },
        ],
      },
      NOW,
      { reportIndex: 0, fullListIn: 'thread' },
    );
    const ignored = (view.reply.blocks[1] as { text: { text: string } }).text.text;
    expect(ignored).toContain(
      `*${IGNORED_TITLE}*: 2 keys still stale after their owners' nudges, snoozed or not`,
    );
    expect(ignored).toContain(
      `in default · \`AKIAIOSFODNN7EXAMPLE\` · created ${first!.createdAt.toISOString().slice(0, 10)} · owner <@U0ALICE> · first nudged 2026-05-01, still stale 3 scheduled runs later · :zzz: snoozed until 2026-06-21`,
    );
    expect(ignored).toMatch(/access key 1 · created [-\d]+ · nudged, still stale 1 scheduled run later$/);
  });

  it('says which keys are named by slot because IAM would not list their ids', () => {
    const view = staleReportBlocks({ ...report(account(2)), keyIdsMissing: 2 }, NOW, {
      reportIndex: 0,
      fullListIn: 'thread',
    });
    expect(JSON.stringify(view.reply.blocks)).toContain(
      `2 keys are named by slot (access key 1 or 2) and creation date: ${KEY_IDS_NOT_FOUND}`,
    );
  });

  it("puts a lately snoozed key's end in the CSV's snoozed_until, and nothing for the others", () => {
    const base = report(account(3));
    const keys = withSnoozes(
      [...base.keys],
      [snooze(base.keys.at(0)!, 2, 7, 'vendor'), snooze(base.keys.at(1)!, 40, 7, 'old')],
    );
    const rows = parse(staleReportCsv({ ...base, keys }, NOW), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.snoozed_until)).toEqual(['2026-06-20T12:00:00.000Z', '', '']);
  });
});

describe('staleReportCsvPieces', () => {
  it('is the same file as staleReportCsv, in UTF-8 pieces of about 64 KB, made again each time', () => {
    const part = report(account(600));
    // Accounts' names are the policy's own text: long and not ASCII, so lines are long and multi-byte.
    const name = `compte-${'é'.repeat(400)}`;
    const named = { ...part, keys: [...part.keys].map((key) => ({ ...key, account: name })) };
    const pieces = staleReportCsvPieces(named, NOW);
    const first = [...pieces()];
    expect(first.length).toBeGreaterThan(2);
    for (const piece of first.slice(0, -1)) expect(piece.length).toBeLessThan(200 * 1024);
    const bytes = Buffer.concat(first);
    expect(bytes.equals(Buffer.from(staleReportCsv(named, NOW)))).toBe(true);
    expect(Buffer.concat([...pieces()]).equals(bytes)).toBe(true);
    const empty = staleReportCsvPieces(report([]), NOW);
    expect(Buffer.concat([...empty()]).toString()).toBe(staleReportCsv(report([]), NOW));
  });
});

describe('formatDataAge', () => {
  it.each([
    [30_000, 'just now'],
    [12 * 60_000, '12 min ago'],
    [2 * 3600_000 + 59 * 60_000, '2 h ago'],
    [3 * DAY, '3 days ago'],
  ])('%d ms ago reads "%s"', (ms, text) => {
    expect(formatDataAge(new Date(NOW.getTime() - ms), NOW)).toBe(text);
  });
});
