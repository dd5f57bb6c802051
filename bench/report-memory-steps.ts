/**
 * The heap each step of an organization's stale-key report holds, measured in a process of its own
 * on the bot's own functions (no HTTP, no SDK): the credential report's CSV parsed by
 * src/platform/aws/credential-report-csv.ts, each account classified by staleReport and kept, as
 * StaleReportService.build keeps them, then mergeReports, staleReportBlocks and staleReportCsv.
 * Run with --expose-gc (npm run bench:org-memory does): each figure is the live heap after a full GC,
 * so it is what a step keeps, not the garbage it leaves. A young generation large enough that no
 * scavenge runs inside a step (--max-semi-space-size) makes "allocated" what a step allocates in all.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { credentialReportCsv } from '../sandbox/iam/credential-report';
import { IamState, seedLargeAccount } from '../sandbox/iam';
import { parseCredentialReport } from '../src/platform/aws/credential-report-csv';
import { mergeReports, staleReport, type StaleReport } from '../src/features/reports/domain/stale-report';
import { staleReportBlocks } from '../src/features/reports/slack/stale-report';
import { staleReportCsv } from '../src/features/reports/slack/stale-report-csv';
import { joinedStaleReportCsv } from './joined-csv';
import { table } from './table';

const MB = 1024 * 1024;
const THRESHOLDS = { maxAgeDays: 90, maxUnusedDays: 30 };

function procMb(field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return Number(match?.[1]) / 1024;
}

/**
 * What one way of making the CSV costs in RSS, as the bot would feel it: the peak resident memory
 * (VmHWM, reset through /proc/self/clear_refs) over the resident memory before, and V8's committed heap.
 */
function csvRss(name: string, make: () => string): string {
  collect();
  writeFileSync('/proc/self/clear_refs', '5');
  const rss = procMb('VmRSS');
  const heapTotal = process.memoryUsage().heapTotal / MB;
  const started = performance.now();
  const csv = make();
  const ms = performance.now() - started;
  return (
    `${name}: ${(csv.length / MB).toFixed(2)} MB in ${ms.toFixed(0)} ms; peak RSS +${(procMb('VmHWM') - rss).toFixed(0)} MB ` +
    `over ${rss.toFixed(0)} MB, heap committed ${heapTotal.toFixed(0)} -> ${(process.memoryUsage().heapTotal / MB).toFixed(0)} MB`
  );
}

function collect(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

interface Step {
  name: string;
  /** Live heap after the step, after a full GC, minus the baseline. */
  keptMb: number;
  /** Heap used right after the step, before any GC, minus the live heap before it; undefined for long steps, where GCs run. */
  allocatedMb: number | undefined;
  ms: number;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const value = (flag: string, fallback: number) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? Number(argv[at + 1]) : fallback;
  };
  const accounts = value('--accounts', 20);
  const csvOnly = argv[argv.indexOf('--csv-rss') + 1];
  if (argv.includes('--csv-rss') && csvOnly !== 'stringify' && csvOnly !== 'joined') {
    throw new Error('--csv-rss stringify|joined');
  }
  const users = value('--users', 5_000);
  const now = new Date();
  const states = Array.from({ length: accounts }, (_, i) => {
    const state = new IamState({ accountId: `${String(100_000_000_000 + i + 1)}` });
    seedLargeAccount(state, { users, keys: Math.round(users * 1.5), seed: 42 + i, now });
    return state;
  });
  // The reports' bytes made before the baseline: they are the stand-in's work, and outside the heap.
  const reports = states.map((state) => Buffer.from(credentialReportCsv(state, now)));
  const steps: Step[] = [];
  const baseline = collect();
  let before = baseline;
  const step = async <T>(name: string, run: () => T | Promise<T>, long = false): Promise<T> => {
    const started = performance.now();
    const result = await run();
    const ms = performance.now() - started;
    const allocated = process.memoryUsage().heapUsed - before;
    const kept = collect();
    steps.push({ name, keptMb: (kept - baseline) / MB, allocatedMb: long ? undefined : allocated / MB, ms });
    before = kept;
    return result;
  };

  // One account's scan, as the credential-report scanner hands it over: the CSV's bytes in pieces.
  const scanOne = async (csv: Buffer) => {
    const pieces = Array.from({ length: Math.ceil(csv.length / 65_536) }, (_, i) =>
      csv.subarray(i * 65_536, (i + 1) * 65_536),
    );
    return parseCredentialReport(pieces);
  };
  const first = reports[0];
  if (!first) throw new Error('no accounts');
  const oneScan = await step('one account parsed (its KeyFacts, kept for a moment)', () => scanOne(first));
  const onePart = await step('... classified by staleReport (scan still referenced)', () =>
    staleReport(
      { source: 'credential-report', generatedAt: now, ...oneScan },
      { thresholds: THRESHOLDS, exempt: new Set(), now, account: { name: 'acct-01' } },
    ),
  );
  const parts: StaleReport[] = [onePart];
  Object.assign(oneScan, { keys: [] });
  await step("... the scan dropped: one account's stale keys kept", () => undefined);
  await step(
    `all ${accounts} accounts scanned, each account's stale keys kept`,
    async () => {
      for (const [i, state] of states.entries()) {
        const report = reports[i];
        if (i === 0 || !report) continue;
        const scan = await scanOne(report);
        parts.push(
          staleReport(
            { source: 'credential-report', generatedAt: now, ...scan },
            {
              thresholds: THRESHOLDS,
              exempt: new Set(),
              now,
              account: { name: `acct-${String(i + 1).padStart(2, '0')}`, id: state.accountId },
            },
          ),
        );
      }
    },
    true,
  );
  const merged = await step('mergeReports (the parts still referenced)', () =>
    mergeReports(parts, THRESHOLDS, now),
  );
  parts.length = 0;
  await step('... the parts dropped: the merged report', () => undefined);
  if (csvOnly !== undefined && argv.includes('--csv-rss')) {
    // Alone in the process after the merge, with V8's default young generation: one way only.
    console.log(
      csvOnly === 'joined'
        ? csvRss('hand-joined (bench/joined-csv.ts)', () => joinedStaleReportCsv(merged, now))
        : csvRss('staleReportCsv (csv-stringify/sync)', () => staleReportCsv(merged, now)),
    );
    return;
  }
  const view = await step('staleReportBlocks', () =>
    staleReportBlocks(merged, now, { reportIndex: -1, fullListIn: 'dm' }),
  );
  const csv = await step('staleReportCsv (csv-stringify/sync)', () => staleReportCsv(merged, now));
  await step('the CSV as bytes for the upload', () => Buffer.from(csv));
  const joined = await step('for comparison: the same CSV joined by hand (bench/joined-csv.ts)', () =>
    joinedStaleReportCsv(merged, now),
  );

  const stale = merged.keys.length;
  console.log(
    `${accounts} accounts x ${users.toLocaleString('en-US')} users; ${stale.toLocaleString('en-US')} stale keys, ` +
      `CSV ${(csv.length / MB).toFixed(2)} MB, ${view.reply.blocks.length} blocks\n`,
  );
  console.log(
    table([
      ['step', 'live heap after (over baseline)', 'allocated in the step', 'time'],
      ...steps.map((s) => [
        s.name,
        `${s.keptMb.toFixed(1)} MB`,
        s.allocatedMb === undefined ? '(GCs ran)' : `${s.allocatedMb.toFixed(1)} MB`,
        `${s.ms.toFixed(0)} ms`,
      ]),
    ]),
  );
  console.log(
    `\nthe hand-joined CSV is the same bytes as staleReportCsv's: ${joined === csv ? 'yes' : 'NO'}`,
  );
  const kept = steps.find((s) => s.name.startsWith('all '));
  if (kept) {
    console.log(`per stale key kept between scans: ${((kept.keptMb * MB) / stale).toFixed(0)} bytes`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
