/**
 * What the organization bench checks, as pure functions of what the stand-ins recorded: how many
 * accounts had report calls in flight at once, and whether the report's per-account counts add up.
 */

/** One IAM call as the bench saw it: its account, and when it arrived and was answered (ms). */
export interface TimedCall {
  accountId: string;
  action: string;
  status: number;
  arrivedMs: number;
  answeredMs: number;
}

/** An account's report work as the stand-in saw it: from its first call's arrival to its last answer. */
export interface AccountSpan {
  accountId: string;
  fromMs: number;
  toMs: number;
  calls: number;
}

export function accountSpans(calls: readonly TimedCall[]): AccountSpan[] {
  const spans = new Map<string, AccountSpan>();
  for (const call of calls) {
    const span = spans.get(call.accountId);
    if (!span) {
      spans.set(call.accountId, {
        accountId: call.accountId,
        fromMs: call.arrivedMs,
        toMs: call.answeredMs,
        calls: 1,
      });
      continue;
    }
    span.fromMs = Math.min(span.fromMs, call.arrivedMs);
    span.toMs = Math.max(span.toMs, call.answeredMs);
    span.calls++;
  }
  return [...spans.values()].sort((a, b) => a.fromMs - b.fromMs);
}

/**
 * The most spans open at one instant. A span that ends at the very millisecond another begins does
 * not overlap it: the bot starts the next account only once one has finished, and the clock is coarse.
 */
export function maxOverlap(spans: readonly AccountSpan[]): number {
  const events = spans.flatMap((span) => [
    { at: span.fromMs, delta: 1 },
    { at: span.toMs, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let most = 0;
  for (const event of events) {
    open += event.delta;
    most = Math.max(most, open);
  }
  return most;
}

export interface AccountLine {
  label: string;
  stale: number;
  keys: number;
}

export interface ReadReport {
  /** The summary's "N stale access keys", or 0 for "No stale access keys". */
  total: number | undefined;
  /** The provenance line's "N keys checked". */
  checked: number | undefined;
  accounts: AccountLine[];
  /** Accounts the report names in its section of accounts not reached, and why. */
  failed: string[];
  failedWhy: string[];
  /** The section's count ("N of M accounts could not be reached"), 0 without the section. */
  unreachable: number;
  /** Counted in the section's "…and N accounts more" line: not named for want of room. */
  unreachableUnnamed: number;
}

const number = (text: string) => Number(text.replace(/,/g, ''));

/** Reads the figures back out of the report's blocks, as a person would from the message. */
export function readReport(blocks: unknown): ReadReport {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'text' && typeof inner === 'string') texts.push(inner);
        else walk(inner);
      }
    }
  };
  walk(blocks);
  const all = texts.join('\n');
  const summary = /\*([\d,]+) stale access keys?\*/.exec(all);
  const none = all.includes('No stale access keys');
  const checked = /and ([\d,]+) keys? checked/.exec(all);
  const accounts = [...all.matchAll(/^• \*(.+?)\*: ([\d,]+) stale keys? of ([\d,]+) keys?$/gm)].map((m) => ({
    label: m[1] ?? '',
    stale: number(m[2] ?? ''),
    keys: number(m[3] ?? ''),
  }));
  const title = /:warning: \*([\d,]+) of ([\d,]+) accounts? could not be reached/.exec(all);
  const section = texts.find((text) => title !== null && text.includes(title[0])) ?? '';
  const named = [...section.matchAll(/^• \*(.+?)\*: (.*)$/gm)];
  const more = /…and ([\d,]+) accounts? more/.exec(section);
  return {
    total: summary ? number(summary[1] ?? '') : none ? 0 : undefined,
    checked: checked ? number(checked[1] ?? '') : undefined,
    accounts,
    // An account label may carry its id: "acct-001 (1000…)".
    failed: named.map((m) => (m[1] ?? '').replace(/ \(.*\)$/, '')),
    failedWhy: named.map((m) => m[2] ?? ''),
    unreachable: title ? number(title[1] ?? '') : 0,
    unreachableUnnamed: more ? number(more[1] ?? '') : 0,
  };
}

/** Rows of the shared CSV by its `account` column (the header row left out). */
export function csvRowsByAccount(csv: string): Map<string, number> {
  const rows = new Map<string, number>();
  const lines = csv.trimEnd().split('\n').slice(1);
  for (const line of lines) {
    // The account name is the first column; the bench's names need no quoting.
    const account = line.slice(0, line.indexOf(','));
    rows.set(account, (rows.get(account) ?? 0) + 1);
  }
  return rows;
}

/**
 * How an account's time splits, from the stand-in's side: its span (the report's generation and the
 * polls), and the gap from a span's end to the start of the account that took its slot, which is the
 * bot's own work on the finished account (parse, classify) plus the next account's AssumeRole.
 */
export function slotGaps(spans: readonly AccountSpan[], concurrency: number): number[] {
  const starts = spans.map((span) => span.fromMs).sort((a, b) => a - b);
  const ends = spans.map((span) => span.toMs).sort((a, b) => a - b);
  return starts.slice(concurrency).map((start, i) => start - (ends[i] ?? start));
}
