import { classify, STALE_REASONS, worstFirst, type StaleKey, type StaleReason } from './classify';
import type { AccountScan, ScanSource } from './key-facts';
import type { StaleThresholds } from './thresholds';

/** Why the listing produced a report instead of the credential report. */
export type FallbackCause = 'denied' | 'failed';

export interface StaleReport {
  source: ScanSource;
  fallback?: FallbackCause;
  /** When the data was true, which the report must say: a credential report can be hours old. */
  generatedAt: Date;
  thresholds: StaleThresholds;
  /** Worst first. */
  keys: StaleKey[];
  counts: { keys: number; users: number; byReason: Record<StaleReason, number> };
  scanned: { users: number; keys: number };
  rootActiveKeys: number;
}

export interface ReportOptions {
  thresholds: StaleThresholds;
  exempt: ReadonlySet<string>;
  now: Date;
  fallback?: FallbackCause;
}

/** Classifies a scan, sorts it worst first and counts it. */
export function staleReport(scan: AccountScan, options: ReportOptions): StaleReport {
  const keys = classify(scan.keys, options).sort(worstFirst);
  const byReason = Object.fromEntries(STALE_REASONS.map((reason) => [reason, 0])) as Record<
    StaleReason,
    number
  >;
  for (const key of keys) for (const reason of key.reasons) byReason[reason]++;
  return {
    source: scan.source,
    ...(options.fallback ? { fallback: options.fallback } : {}),
    generatedAt: scan.generatedAt,
    thresholds: options.thresholds,
    keys,
    counts: { keys: keys.length, users: new Set(keys.map((key) => key.owner)).size, byReason },
    scanned: { users: scan.users, keys: scan.keys.length },
    rootActiveKeys: scan.rootActiveKeys ?? 0,
  };
}
