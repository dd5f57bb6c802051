import type { Account } from '../../../kernel/accounts';
import { classifyEach, STALE_REASONS, type StaleKey, type StaleReason } from './classify';
import type { AccountScan, ScanSource } from '../../../kernel/key-facts/key-facts';
import type { StaleThresholds } from './thresholds';
import { StaleKeyTable, StaleKeyTableBuilder, type StaleKeys } from './stale-key-table';
import type { SlackUserId } from '../../../kernel/types';
import type { LineMark } from './line-marks';

/**
 * A key its owner was nudged about that stayed stale, snoozed or not, for `escalateAfterRuns`
 * scheduled runs after the first nudge: only a fix (the key no longer stale) starts it again.
 */
export interface IgnoredKey {
  key: StaleKey;
  /** The person who owns it, where Slack could say so this run. */
  ownerSlack?: SlackUserId;
  /** Scheduled runs after the one that first nudged it that still found it stale. */
  runsSinceFirstNudge: number;
  /** Absent for counts stored before it was kept. */
  firstNudgedAt?: Date;
}

/** The stale keys whose latest snooze the channel is told of (`isRecentSnooze`): how many, and the worst. */
export interface SnoozedKeys {
  count: number;
  /** Worst first, at most MAX_SNOOZED_KEPT: a report names a few and counts the rest. */
  keys: StaleKey[];
}

export const MAX_SNOOZED_KEPT = 10;

/** Why the listing produced a report instead of the credential report. */
export type FallbackCause = 'denied' | 'failed';

/** One account's part of a report: what was scanned and found there, or why it could not be. */
export interface AccountSection {
  account: Account;
  source?: ScanSource;
  fallback?: FallbackCause;
  generatedAt?: Date;
  staleKeys: number;
  scanned: { users: number; keys: number };
  /** Set when the account could not be scanned; the others are reported all the same. */
  failure?: string;
}

export interface StaleReport {
  /** `listing` if any account had to be listed, else the credential report. */
  source: ScanSource;
  fallback?: FallbackCause;
  /** When the data was true, which the report must say: a credential report can be hours old. */
  generatedAt: Date;
  thresholds: StaleThresholds;
  /** Worst first: a table of columns when built from scans (see StaleKeyTable), or an array. */
  keys: StaleKeys;
  counts: { keys: number; users: number; byReason: Record<StaleReason, number> };
  scanned: { users: number; keys: number };
  rootActiveKeys: number;
  /** In policy order, failed accounts included. */
  accounts: AccountSection[];
  /** Set by owner nudges with escalateAfterRuns: shown at the top of the channel report. */
  ignored?: IgnoredKey[];
  /** Keys snoozed lately, snoozes that ended included: a short snooze after each nudge shows. */
  snoozed?: SnoozedKeys;
  /** The snoozes could not be read: no key shows one, and no owner is nudged this run. */
  snoozesUnavailable?: boolean;
  /** Keys on the rows people act on that are named by slot only: IAM would not list their ids. */
  keyIdsMissing?: number;
  /** What became of the rows shown since the data was generated, by row index (line-marks.ts). */
  marks?: ReadonlyMap<number, LineMark>;
  /** The Slack people owning the rows shown, by lower-case IAM user name, where one is confirmed. */
  owners?: ReadonlyMap<string, SlackUserId>;
}

export interface ReportOptions {
  thresholds: StaleThresholds;
  exempt: ReadonlySet<string>;
  now: Date;
  fallback?: FallbackCause;
}

/** Classifies one account's scan, sorts it worst first and counts it; its stale keys as a table. */
export function staleReport(scan: AccountScan, options: ReportOptions & { account?: Account }): StaleReport {
  const account = options.account ?? { name: 'default' };
  const byReason = Object.fromEntries(STALE_REASONS.map((reason) => [reason, 0])) as Record<
    StaleReason,
    number
  >;
  const owners = new Set<string>();
  const found = new StaleKeyTableBuilder(scan.keys.length);
  classifyEach(scan.keys, { ...options, account: account.name }, (key) => {
    for (const reason of key.reasons) byReason[reason]++;
    owners.add(key.owner);
    found.push(key);
  });
  const keys = found.build().worstFirst();
  return {
    source: scan.source,
    ...(options.fallback ? { fallback: options.fallback } : {}),
    generatedAt: scan.generatedAt,
    thresholds: options.thresholds,
    keys,
    counts: { keys: keys.length, users: owners.size, byReason },
    scanned: { users: scan.users, keys: scan.keys.length },
    rootActiveKeys: scan.rootActiveKeys ?? 0,
    accounts: [
      {
        account,
        source: scan.source,
        ...(options.fallback ? { fallback: options.fallback } : {}),
        generatedAt: scan.generatedAt,
        staleKeys: keys.length,
        scanned: { users: scan.users, keys: scan.keys.length },
      },
    ],
  };
}

/**
 * Owners with a stale key across the reports: where each is one account's and no two share one, the
 * sum of their counts (each already counted its account's owners), else counted from the keys.
 */
function ownersAcross(reports: readonly StaleReport[], keys: StaleKeyTable): number {
  const accounts = reports.map((report) =>
    report.accounts.length === 1 ? report.accounts[0]!.account.name : undefined,
  );
  const separate = accounts.every((name) => name !== undefined) && new Set(accounts).size === accounts.length;
  return separate ? reports.reduce((sum, report) => sum + report.counts.users, 0) : keys.distinctOwners();
}

/**
 * The accounts' reports as one: keys merged worst first, counts added, the oldest data's time,
 * and a section for every account, the ones that failed included. `failed` are in policy order too.
 */
export function mergeReports(
  parts: Array<StaleReport | AccountSection>,
  thresholds: StaleThresholds,
  now: Date,
): StaleReport {
  const reports = parts.filter((part): part is StaleReport => 'keys' in part);
  const lists = reports.map((report) => report.keys);
  const keys = lists.every((list): list is StaleKeyTable => list instanceof StaleKeyTable)
    ? StaleKeyTable.mergeWorstFirst(lists)
    : StaleKeyTable.concat(lists).worstFirst();
  const byReason = Object.fromEntries(STALE_REASONS.map((reason) => [reason, 0])) as Record<
    StaleReason,
    number
  >;
  for (const report of reports) {
    for (const reason of STALE_REASONS) byReason[reason] += report.counts.byReason[reason];
  }
  const fallback = reports.find((report) => report.fallback)?.fallback;
  const generated = reports.map((report) => report.generatedAt.getTime());
  return {
    source: reports.some((report) => report.source === 'listing') ? 'listing' : 'credential-report',
    ...(fallback ? { fallback } : {}),
    generatedAt: new Date(generated.length > 0 ? Math.min(...generated) : now.getTime()),
    thresholds,
    keys,
    counts: {
      keys: keys.length,
      users: ownersAcross(reports, keys),
      byReason,
    },
    scanned: {
      users: reports.reduce((sum, report) => sum + report.scanned.users, 0),
      keys: reports.reduce((sum, report) => sum + report.scanned.keys, 0),
    },
    rootActiveKeys: reports.reduce((sum, report) => sum + report.rootActiveKeys, 0),
    accounts: parts.flatMap((part) => ('keys' in part ? part.accounts : [part])),
  };
}
