/**
 * Stale-key report benchmark: `/keys stale` answered by the bot itself (started as `npm start` runs it,
 * in a process of its own, through the IAM credential report), against the seeds' way of reading the
 * same account (ListUsers, then ListAccessKeys and GetAccessKeyLastUsed per key), on one seeded
 * account in the IAM stand-in with latency on every call and throttling above a set rate.
 * See bench/README.md.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { IamState, seedLargeAccount, startIamServer, type IamServer } from '../sandbox/iam';
import { SlackDriver, startSlackServer } from '../sandbox/slack';
import {
  BENCH_ADMIN,
  BENCH_ALICE,
  BENCH_BOT_TOKEN,
  BENCH_SIGNING_SECRET,
  startBotProcess,
} from './bot-process';
import type { PathName, WorkerRequest, WorkerResult } from './stale-report-worker';

interface Options {
  users: number;
  keys: number;
  latencyMs: number;
  ratePerSecond: number;
  reportMs: number;
  listing: boolean;
  sdkRetries: boolean;
  /** Times the bot answers, each with a fresh bot and a fresh stand-in (no report made yet). */
  runs: number;
}

const USAGE =
  'usage: node dist/bench/stale-report.js [--quick] [--users N] [--keys N] [--latency MS] [--rate PER_SECOND] ' +
  '[--report-ms MS] [--report-only] [--sdk-retries] [--runs N]';

function parseArgs(argv: string[]): Options {
  const options: Options = {
    users: 10_000,
    keys: 15_000,
    latencyMs: 5,
    ratePerSecond: 100,
    reportMs: 1_000,
    listing: true,
    sdkRetries: false,
    runs: 3,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const number = () => {
      const value = Number(argv[++i]);
      if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} needs a number\n${USAGE}`);
      return value;
    };
    if (flag === '--quick') Object.assign(options, { users: 2_500, keys: 3_750 });
    else if (flag === '--users') options.users = number();
    else if (flag === '--keys') options.keys = number();
    else if (flag === '--latency') options.latencyMs = number();
    else if (flag === '--rate') options.ratePerSecond = number();
    else if (flag === '--report-ms') options.reportMs = number();
    else if (flag === '--report-only') options.listing = false;
    else if (flag === '--sdk-retries') options.sdkRetries = true;
    else if (flag === '--runs') options.runs = Math.max(1, Math.round(number()));
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
}

interface PathResult {
  label: string;
  ok: boolean;
  error?: string;
  calls: number;
  throttled: number;
  wallMs: number;
  idleRssMb?: number;
  peakRssMb: number;
  stale: number;
  note: string;
}

const MB = 1024 * 1024;

/** `/keys stale` as an admin types it, from the signed request to the answer on its response_url. */
async function botReport(iam: IamServer): Promise<PathResult> {
  const slack = await startSlackServer({
    botToken: BENCH_BOT_TOKEN,
    users: [
      { id: BENCH_ADMIN, name: 'ada', email: 'ada@example.com' },
      { id: BENCH_ALICE, name: 'alice', email: 'alice@example.com' },
    ],
  });
  const bot = await startBotProcess({ iamUrl: iam.url, slackApiUrl: slack.apiUrl });
  try {
    // Let start-up garbage settle, as a bot that has been idle a while.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const idleRssMb = bot.rssMb();
    const driver = new SlackDriver({
      server: slack,
      eventsUrl: bot.eventsUrl,
      signingSecret: BENCH_SIGNING_SECRET,
    });
    iam.clearCalls();
    const started = performance.now();
    const reply = await driver.command('stale', { userId: BENCH_ADMIN });
    const answer = await driver.waitForResponse(reply.responseUrl, 300_000);
    const wallMs = performance.now() - started;
    const calls = iam.calls();
    const file = slack
      .messages()
      .flatMap((message) => message.files ?? [])
      .map((stored) => slack.fileContent(stored.id))
      .find((content) => content !== undefined);
    const csv = file?.toString('utf8') ?? '';
    const stale = csv === '' ? 0 : csv.trimEnd().split('\n').length - 1;
    return {
      label: 'bot: /keys stale (credential report)',
      ok: answer.response_type === 'ephemeral' && file !== undefined,
      ...(file === undefined ? { error: 'no CSV file was shared' } : {}),
      calls: calls.length,
      throttled: calls.filter((call) => call.errorCode === 'Throttling').length,
      wallMs,
      idleRssMb,
      peakRssMb: bot.peakRssMb(),
      stale,
      note: `the shared CSV: ${(Buffer.byteLength(csv) / MB).toFixed(2)} MB`,
    };
  } finally {
    await bot.stop();
    await slack.close();
  }
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

const WORKER_LABELS: Record<PathName, string> = {
  listing: "seeds' way: per-key listing, paced",
  'listing-sdk-retries': "seeds' way: per-key listing, SDK retries only",
};

async function workerPath(iam: IamServer, path: PathName, options: Options, now: Date): Promise<PathResult> {
  iam.clearCalls();
  const result = await runWorker({
    path,
    endpoint: iam.url,
    // As fast as the account's IAM rate lets it: the stand-in's throttling, not the pacer, is the limit.
    maxRate: options.ratePerSecond * 2,
    now: now.toISOString(),
  });
  const calls = iam.calls();
  return {
    label: WORKER_LABELS[path],
    ok: result.ok,
    ...(result.error ? { error: result.error } : {}),
    calls: calls.length,
    throttled: calls.filter((call) => call.errorCode === 'Throttling').length,
    wallMs: result.wallMs,
    peakRssMb: result.peakRssMb,
    stale: result.stale,
    note: `scan and classification only; peak heap ${result.peakHeapMb.toFixed(0)} MB`,
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  return [
    line(rows[0] ?? []),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n');
}

/** The bot's figures over several runs: the median time, the highest peak, the most calls. */
function combine(runs: PathResult[]): PathResult {
  const byTime = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  const median = byTime[Math.floor(byTime.length / 2)] ?? runs[0];
  if (!median) throw new Error('no runs');
  const failed = runs.find((run) => !run.ok);
  return {
    ...median,
    ...(failed ? { ok: false, error: failed.error } : {}),
    calls: Math.max(...runs.map((run) => run.calls)),
    peakRssMb: Math.max(...runs.map((run) => run.peakRssMb)),
    note:
      runs.length === 1
        ? median.note
        : `${median.note}; median of ${runs.length} runs (${byTime.map((run) => (run.wallMs / 1000).toFixed(2)).join(', ')} s), highest peak`,
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const now = new Date();
  // A fresh stand-in for each run, seeded alike: IAM reuses a report for four hours, and a second run
  // that found one ready would not be the first-time report an admin waits for.
  const freshIam = async (): Promise<IamServer> => {
    const state = new IamState({ now: () => now });
    seedLargeAccount(state, { users: options.users, keys: options.keys, now, seed: 42 });
    const iam = await startIamServer({ state, latencyMs: options.latencyMs });
    iam.setReportGenerationMs(options.reportMs);
    iam.setRateLimit(options.ratePerSecond);
    return iam;
  };
  console.log(
    `Account: ${options.users.toLocaleString('en-US')} users, ${options.keys.toLocaleString('en-US')} keys`,
  );
  console.log(
    `IAM stand-in: ${options.latencyMs} ms a call, throttling above ${options.ratePerSecond} calls/s, ` +
      `credential report ready ${options.reportMs} ms after it is asked for\n`,
  );

  const results: PathResult[] = [];
  const run = async (label: string, path: (iam: IamServer) => Promise<PathResult>) => {
    const iam = await freshIam();
    process.stdout.write(`running ${label}... `);
    try {
      const result = await path(iam);
      console.log(result.ok ? `${(result.wallMs / 1000).toFixed(1)} s` : `failed (${result.error})`);
      return result;
    } finally {
      await iam.close();
    }
  };
  const botRuns: PathResult[] = [];
  for (let i = 0; i < options.runs; i++)
    botRuns.push(await run(`the bot (${i + 1}/${options.runs})`, botReport));
  results.push(combine(botRuns));
  if (options.listing) {
    results.push(await run('the listing', (iam) => workerPath(iam, 'listing', options, now)));
  }
  if (options.sdkRetries) {
    results.push(
      await run('the listing on SDK retries', (iam) => workerPath(iam, 'listing-sdk-retries', options, now)),
    );
  }

  const rows = [
    ['path', 'IAM calls', 'throttled', 'time', 'idle RSS', 'peak RSS', 'stale keys', 'result', 'note'],
    ...results.map((r) => [
      r.label,
      r.calls.toLocaleString('en-US'),
      r.throttled.toLocaleString('en-US'),
      `${(r.wallMs / 1000).toFixed(2)} s`,
      r.idleRssMb === undefined ? '' : `${r.idleRssMb.toFixed(0)} MB`,
      `${r.peakRssMb.toFixed(0)} MB`,
      r.stale.toLocaleString('en-US'),
      r.ok ? 'ok' : `failed: ${r.error}`,
      r.note,
    ]),
  ];
  console.log(`\n${table(rows)}\n`);
  const [report, listing] = results;
  if (report?.ok && listing?.ok) {
    console.log(
      `seeds' way / bot's report: ${(listing.calls / report.calls).toFixed(0)}x the IAM calls, ` +
        `${(listing.wallMs / report.wallMs).toFixed(1)}x the time, ` +
        `${(listing.peakRssMb / report.peakRssMb).toFixed(2)}x the peak RSS; ` +
        `same stale keys: ${listing.stale === report.stale ? 'yes' : 'NO'}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
