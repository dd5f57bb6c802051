/**
 * Stale-key report benchmark: the IAM credential report against the per-key listing (ListUsers, then
 * ListAccessKeys and GetAccessKeyLastUsed per key), on one seeded account, against the IAM stand-in
 * with latency on every call and throttling above a set rate. See bench/README.md.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { IamState, seedLargeAccount, startIamServer } from '../sandbox/iam';
import type { PathName, WorkerRequest, WorkerResult } from './stale-report-worker';

interface Options {
  users: number;
  keys: number;
  latencyMs: number;
  ratePerSecond: number;
  reportMs: number;
  sdkRetries: boolean;
}

const USAGE = `usage: node dist/bench/stale-report.js [--full] [--users N] [--keys N] [--latency MS] [--rate PER_SECOND] [--report-ms MS] [--no-sdk-retries]`;

function parseArgs(argv: string[]): Options {
  const options: Options = {
    users: 2_500,
    keys: 3_750,
    latencyMs: 5,
    ratePerSecond: 100,
    reportMs: 1_000,
    sdkRetries: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const number = () => {
      const value = Number(argv[++i]);
      if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} needs a number\n${USAGE}`);
      return value;
    };
    if (flag === '--full') Object.assign(options, { users: 10_000, keys: 15_000 });
    else if (flag === '--users') options.users = number();
    else if (flag === '--keys') options.keys = number();
    else if (flag === '--latency') options.latencyMs = number();
    else if (flag === '--rate') options.ratePerSecond = number();
    else if (flag === '--report-ms') options.reportMs = number();
    else if (flag === '--no-sdk-retries') options.sdkRetries = false;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
}

function runWorker(request: WorkerRequest): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'stale-report-worker.js'), [], {
      stdio: 'inherit',
      // The SDK's notice that its 2027 releases need Node 22 would land in the middle of the table.
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    child.once('message', (result) => resolve(result as WorkerResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${request.path} worker exited with ${code}`));
    });
    child.send(request);
  });
}

const LABELS: Record<PathName, string> = {
  'credential-report': 'credential report',
  listing: 'per-key listing, paced',
  'listing-sdk-retries': 'per-key listing, SDK retries only',
};

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  return [
    line(rows[0] ?? []),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const now = new Date();
  const state = new IamState({ now: () => now });
  seedLargeAccount(state, { users: options.users, keys: options.keys, now, seed: 42 });
  const server = await startIamServer({ state, latencyMs: options.latencyMs });
  server.setReportGenerationMs(options.reportMs);
  server.setRateLimit(options.ratePerSecond);
  const full = options.users >= 10_000;
  console.log(
    `Account: ${options.users.toLocaleString('en-US')} users, ${options.keys.toLocaleString('en-US')} keys` +
      `${full ? '' : ' (reduced; --full for 10,000 users and 15,000 keys)'}`,
  );
  console.log(
    `IAM stand-in: ${options.latencyMs} ms a call, throttling above ${options.ratePerSecond} calls/s, ` +
      `credential report ready ${options.reportMs} ms after it is asked for\n`,
  );

  const paths: PathName[] = [
    'credential-report',
    'listing',
    ...(options.sdkRetries ? ['listing-sdk-retries' as const] : []),
  ];
  const results: Array<WorkerResult & { calls: number; throttled: number }> = [];
  for (const path of paths) {
    server.clearCalls();
    // Each path starts with a full bucket, and the report path with no report yet.
    server.setRateLimit(options.ratePerSecond);
    process.stdout.write(`running ${LABELS[path]}... `);
    const result = await runWorker({
      path,
      endpoint: server.url,
      maxRate: options.ratePerSecond * 2,
      now: now.toISOString(),
    });
    const calls = server.calls();
    results.push({
      ...result,
      calls: calls.length,
      throttled: calls.filter((call) => call.errorCode === 'Throttling').length,
    });
    console.log(result.ok ? `${(result.wallMs / 1000).toFixed(1)} s` : `failed (${result.error})`);
  }
  await server.close();

  const rows = [
    [
      'path',
      'IAM calls',
      'throttled',
      'wall time',
      'peak RSS',
      'peak heap',
      'keys read',
      'stale keys',
      'result',
    ],
    ...results.map((r) => [
      LABELS[r.path],
      r.calls.toLocaleString('en-US'),
      r.throttled.toLocaleString('en-US'),
      `${(r.wallMs / 1000).toFixed(2)} s`,
      `${r.peakRssMb.toFixed(0)} MB`,
      `${r.peakHeapMb.toFixed(0)} MB`,
      r.keys.toLocaleString('en-US'),
      r.stale.toLocaleString('en-US'),
      r.ok ? 'ok' : `failed: ${r.error}`,
    ]),
  ];
  console.log(`\n${table(rows)}\n`);
  const [report, listing] = results;
  if (report?.ok && listing?.ok) {
    console.log(
      `listing / credential report: ${(listing.calls / report.calls).toFixed(0)}x the IAM calls, ` +
        `${(listing.wallMs / report.wallMs).toFixed(1)}x the wall time, ` +
        `${(listing.peakRssMb / report.peakRssMb).toFixed(2)}x the peak RSS; ` +
        `same stale keys: ${listing.stale === report.stale ? 'yes' : 'NO'}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
