/**
 * Organization benchmark: `/keys stale` answered by the bot (its own process, as `npm start` runs it)
 * across many AWS accounts, each reached through the STS stand-in's AssumeRole and scanned through
 * the IAM stand-in's credential report, with the single-account bench's latency and throttling.
 * Prints the time to the answer, the calls counted at the stand-ins, the bot's idle and peak RSS,
 * how many accounts were scanned at once, and whether the report adds up. See bench/README.md.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SlackDriver, startSlackServer } from '../sandbox/slack';
import {
  BENCH_ADMIN,
  BENCH_BOT_TOKEN,
  BENCH_POLICY,
  BENCH_SIGNING_SECRET,
  startBotProcess,
  startNodeArgs,
} from './bot-process';
import type { MemorySample } from './memory-sampler';
import {
  accountSpans,
  csvRowsByAccount,
  maxOverlap,
  readReport,
  slotGaps,
  type TimedCall,
} from './org-checks';
import { expectedStale, keyCount, startOrg, type OrgOptions } from './org-stand-ins';
import { peaksByPhase, reportPhases, type PhaseMarks } from './phases';
import { table } from './table';

type Profile = 'cpu' | 'heap' | 'memory' | 'snapshot';

interface Options extends OrgOptions {
  runs: number;
  profile?: Profile;
  /** Extra flags for the bot's node, e.g. V8's heap sizing, to see what they change. */
  nodeArgs: string[];
  /** The policy's scanning.maxConcurrentAccounts; undefined: the policy's default. */
  maxConcurrent?: number;
  /** The store inside the bot (as the sandbox runs it) instead of beside it, as DynamoDB is when deployed. */
  embeddedStore: boolean;
}

/** The policy's default bound of accounts scanned at once (scanning.maxConcurrentAccounts). */
const DEFAULT_MAX_CONCURRENT = 16;

/**
 * The issues' targets: issue 22's for the organization (500 accounts x 1,000 users), the earlier
 * organization issue's for 20 accounts x 5,000 users (then scanned 2 at a time).
 */
function targetFor(options: Options): { wallMs: number; peakRssMb: number } {
  return options.accounts >= 100 ? { wallMs: 300_000, peakRssMb: 200 } : { wallMs: 60_000, peakRssMb: 150 };
}
/** BENCH_POLICY's first `reports` entry: what `/keys stale` judges by. */
const THRESHOLDS = { maxAgeDays: 90, maxUnusedDays: 30 };
/**
 * IAM actions of the per-key listing: none should be needed while the credential report works.
 * (ListAccessKeys alone is the naming of the message's 20 rows by their key ids, after the scans.)
 */
const LISTING_ACTIONS = new Set(['ListUsers', 'GetAccessKeyLastUsed']);
/** An account's scan at the IAM stand-in: its report's calls. */
const REPORT_ACTIONS = new Set(['GenerateCredentialReport', 'GetCredentialReport']);

const USAGE =
  'usage: node dist/bench/org-report.js [--quick] [--twenty] [--accounts N] [--users N] [--keys-per-user X] ' +
  '[--all-roles] [--latency MS] [--rate PER_SECOND] [--sts-rate PER_SECOND] [--report-capacity N] [--max-concurrent N] ' +
  '[--report-ms MS] [--runs N] [--profile cpu|heap|memory|snapshot] [--node-arg FLAG]... [--embedded-store]';

function parseArgs(argv: string[]): Options {
  // Issue 22's organization: 500 accounts x 1,000 users, STS throttling above 50 AssumeRole a second.
  const options: Options = {
    accounts: 500,
    users: 1_000,
    stsRatePerSecond: 50,
    keysPerUser: 1.5,
    allRoles: false,
    latencyMs: 5,
    ratePerSecond: 100,
    reportMs: 1_000,
    runs: 1,
    nodeArgs: [],
    embeddedStore: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const number = () => {
      const value = Number(argv[++i]);
      if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} needs a number\n${USAGE}`);
      return value;
    };
    if (flag === '--quick') Object.assign(options, { accounts: 4, users: 1_000 });
    // The earlier organization bench: 20 accounts x 5,000 users.
    else if (flag === '--twenty') Object.assign(options, { accounts: 20, users: 5_000 });
    else if (flag === '--sts-rate') options.stsRatePerSecond = number() || undefined;
    else if (flag === '--report-capacity') options.reportCapacity = Math.round(number());
    else if (flag === '--max-concurrent') options.maxConcurrent = Math.max(1, Math.round(number()));
    else if (flag === '--accounts') options.accounts = Math.max(1, Math.round(number()));
    else if (flag === '--users') options.users = Math.round(number());
    else if (flag === '--keys-per-user') options.keysPerUser = Math.min(2, number());
    else if (flag === '--all-roles') options.allRoles = true;
    else if (flag === '--embedded-store') options.embeddedStore = true;
    else if (flag === '--latency') options.latencyMs = number();
    else if (flag === '--rate') options.ratePerSecond = number();
    else if (flag === '--report-ms') options.reportMs = number();
    else if (flag === '--runs') options.runs = Math.max(1, Math.round(number()));
    else if (flag === '--node-arg') {
      const arg = argv[++i];
      if (!arg) throw new Error(`--node-arg needs a flag\n${USAGE}`);
      options.nodeArgs.push(arg);
    } else if (flag === '--profile') {
      const kind = argv[++i];
      if (kind !== 'cpu' && kind !== 'heap' && kind !== 'memory' && kind !== 'snapshot')
        throw new Error(`--profile: ${kind}\n${USAGE}`);
      options.profile = kind;
    } else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
}

interface Check {
  what: string;
  ok: boolean;
  detail: string;
}

interface RunResult {
  wallMs: number;
  /** From the command to the last IAM answer: the scans, as far as the stand-in can see. */
  scansMs: number;
  /** From the command to the file's upload being completed at the Slack stand-in. */
  uploadMs: number | undefined;
  idleRssMb: number;
  peakRssMb: number;
  /** RSS two seconds after the answer: what the report left behind. */
  afterRssMb: number;
  /** When the /proc samples saw the highest RSS, ms after the command, and how many accounts had finished. */
  peakAtMs: number;
  accountsDoneAtPeak: number;
  iamCalls: number;
  iamByAction: Map<string, number>;
  throttled: number;
  assumeRoles: number;
  /** AssumeRole answered Throttling by the STS stand-in; IAM's LimitExceeded for report generations. */
  stsThrottled: number;
  reportsRefused: number;
  stsByAction: Map<string, number>;
  overlap: number;
  /** Mean of the accounts' spans at the IAM stand-in, and of the gaps before an account took a freed slot, ms. */
  meanSpanMs: number;
  meanGapMs: number;
  stale: number;
  csvMb: number;
  checks: Check[];
  warnings: string[];
  marks: PhaseMarks;
  /** The bot's VmRSS from /proc every 10 ms, MB. */
  rssSamples: Array<{ t: number; rss: number }>;
  profileDir?: string;
}

const MB = 1024 * 1024;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const count = (n: number) => n.toLocaleString('en-US');

const mean = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function profileSetup(profile: Profile | undefined): {
  dir?: string;
  nodeArgs: string[];
  env: Record<string, string>;
} {
  if (!profile) return { nodeArgs: [], env: {} };
  const dir = mkdtempSync(join(tmpdir(), `keywarden-org-${profile}-`));
  if (profile === 'cpu') return { dir, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir], env: {} };
  if (profile === 'heap') return { dir, nodeArgs: ['--heap-prof', '--heap-prof-dir', dir], env: {} };
  // The bench sends SIGUSR2 once all accounts but one are scanned: what the scans have kept by then.
  if (profile === 'snapshot') {
    return { dir, nodeArgs: ['--heapsnapshot-signal=SIGUSR2', '--diagnostic-dir', dir], env: {} };
  }
  return {
    dir,
    nodeArgs: [],
    env: {
      NODE_OPTIONS: `--require ${join(__dirname, 'memory-sampler.js')}`,
      KEYWARDEN_BENCH_MEMORY_LOG: join(dir, 'memory.jsonl'),
    },
  };
}

async function runOnce(options: Options): Promise<RunResult> {
  const seeding = performance.now();
  const org = await startOrg(options);
  const seeded = performance.now() - seeding;
  const slack = await startSlackServer({
    botToken: BENCH_BOT_TOKEN,
    users: [{ id: BENCH_ADMIN, name: 'ada', email: 'ada@example.com' }],
  });
  const timed: TimedCall[] = [];
  // The log's `at` is the arrival; the listener runs as the answer is written.
  org.iam.onCall((call) => {
    if (call.accountId === undefined || !REPORT_ACTIONS.has(call.action)) return;
    timed.push({
      accountId: call.accountId,
      action: call.action,
      status: call.status,
      arrivedMs: call.at.getTime(),
      answeredMs: Date.now(),
    });
  });
  const warnings: string[] = [];
  const profile = profileSetup(options.profile);
  const bot = await startBotProcess({
    iamUrl: org.iam.url,
    slackApiUrl: slack.apiUrl,
    policy: `${BENCH_POLICY}\n${org.policyYaml}\n${
      options.maxConcurrent ? `scanning: { maxConcurrentAccounts: ${options.maxConcurrent} }\n` : ''
    }`,
    nodeArgs: [...options.nodeArgs, ...profile.nodeArgs],
    store: options.embeddedStore ? 'embedded' : 'service',
    env: {
      AWS_ENDPOINT_URL_STS: org.sts.url,
      AWS_ENDPOINT_URL_ORGANIZATIONS: org.organizations.url,
      ...profile.env,
    },
    logTo: (line) => {
      // pino's levels: 40 warn, 50 error. The bench shows them: an account that fell back or failed.
      let parsed: { level?: number; msg?: string; account?: string };
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch {
        return;
      }
      if ((parsed.level ?? 0) >= 40)
        warnings.push(`${parsed.msg ?? ''}${parsed.account ? ` (${parsed.account})` : ''}`);
    },
  });
  const scanned = new Set<string>();
  let signalled = false;
  if (options.profile === 'snapshot') {
    org.iam.onCall((call) => {
      if (call.action !== 'GetCredentialReport' || call.status !== 200 || call.accountId === undefined)
        return;
      scanned.add(call.accountId);
      if (scanned.size === Math.max(1, options.accounts - 1) && !signalled) {
        signalled = true;
        process.kill(bot.pid, 'SIGUSR2');
      }
    });
  }
  try {
    console.log(`  seeded ${options.accounts} accounts in ${seconds(seeded)}; bot started (pid ${bot.pid})`);
    // Let start-up garbage settle, as a bot that has been idle a while.
    await sleep(2_000);
    const idleRssMb = bot.rssMb();
    const driver = new SlackDriver({
      server: slack,
      eventsUrl: bot.eventsUrl,
      signingSecret: BENCH_SIGNING_SECRET,
    });
    org.iam.clearCalls();
    org.sts.clearCalls();
    timed.length = 0;
    const rssSamples: Array<{ t: number; rss: number }> = [];
    const sampler = setInterval(() => rssSamples.push({ t: Date.now(), rss: bot.rssMb() }), 10);
    const startedAt = Date.now();
    const started = performance.now();
    const reply = await driver.command('stale', { userId: BENCH_ADMIN });
    const answer = await driver.waitForResponse(reply.responseUrl, 300_000);
    const wallMs = performance.now() - started;
    const answeredAt = Date.now();
    clearInterval(sampler);
    const peakRssMb = bot.peakRssMb();
    await sleep(2_000);
    const afterRssMb = bot.rssMb();

    const iamCalls = org.iam.calls();
    const assumeRoles = org.sts.assumeRoleCalls();
    const spans = accountSpans(timed);
    const overlap = maxOverlap(spans);
    const lastAnswer = Math.max(...timed.map((call) => call.answeredMs));
    const upload = slack.calls('files.completeUploadExternal').at(-1);
    const uploadOpened = slack.calls('files.getUploadURLExternal').at(-1);
    const peakSample = rssSamples.reduce((best, sample) => (sample.rss > best.rss ? sample : best), {
      t: startedAt,
      rss: 0,
    });

    const dm = slack.dmChannelOf(BENCH_ADMIN);
    const files = slack.messages(dm).flatMap((message) => message.files ?? []);
    const csv = files
      .map((file) => slack.fileContent(file.id)?.toString('utf8'))
      .find((c) => c !== undefined);
    const read = readReport(answer.blocks);
    const csvRows = csv ? csvRowsByAccount(csv) : new Map<string, number>();
    const csvTotal = [...csvRows.values()].reduce((sum, n) => sum + n, 0);
    const perAccountSum = read.accounts.reduce((sum, line) => sum + line.stale, 0);
    const now = new Date(startedAt);
    const checks: Check[] = [];
    const check = (what: string, ok: boolean, detail: string) => checks.push({ what, ok, detail });

    check(
      'answered to the admin only',
      answer.response_type === 'ephemeral',
      `response_type ${String(answer.response_type)}`,
    );
    const expected = org.accounts.map((account) => ({
      account,
      stale: expectedStale(account, THRESHOLDS, now),
      keys: keyCount(account),
    }));
    // Each account is either in the findings (the CSV holds every stale key, by account) or in the
    // report's section of accounts not reached, with its reason: never neither.
    const unreachable = new Set(read.failed);
    const silent = expected.filter(
      ({ account, stale }) => !unreachable.has(account.name) && (csvRows.get(account.name) ?? 0) !== stale,
    );
    check(
      'no account missed silently: each in the findings as its seeds say, or listed unreachable',
      silent.length === 0 && read.unreachable === read.failed.length + read.unreachableUnnamed,
      silent.length === 0
        ? `${expected.length - read.unreachable} in the findings, ${read.unreachable} listed unreachable (${read.failed.slice(0, 5).join(', ') || 'none'})`
        : `differs in ${silent
            .slice(0, 10)
            .map((m) => m.account.name)
            .join(', ')}`,
    );
    check(
      'every account reached',
      read.unreachable === 0,
      `${read.unreachable} not reached${read.failedWhy[0] ? `, e.g. ${read.failedWhy[0]}` : ''}`,
    );
    // The message lists as many accounts as its section holds: those it shows must agree with the seeds.
    const lineMismatched = read.accounts.filter((line) => {
      const seeded = expected.find(
        (e) => line.label === e.account.name || line.label.startsWith(`${e.account.name} (`),
      );
      return seeded?.stale !== line.stale || seeded.keys !== line.keys;
    });
    check(
      "the message's per-account lines as the seeds say",
      read.accounts.length > 0 && lineMismatched.length === 0,
      `${read.accounts.length} lines shown, ${lineMismatched.length} differ`,
    );
    const allLines = read.accounts.length === org.accounts.length;
    const expectedTotal = expected.reduce((sum, e) => sum + e.stale, 0);
    check(
      'the summary adds up (the per-account lines where all are shown, else the seeds)',
      read.total !== undefined && read.total === (allLines ? perAccountSum : expectedTotal),
      `${allLines ? `${org.accounts.length} lines sum to ${count(perAccountSum)}` : `the seeds say ${count(expectedTotal)}`}; the summary says ${read.total === undefined ? '(not found)' : count(read.total)}`,
    );
    const expectedKeys = expected.reduce((sum, e) => sum + e.keys, 0);
    check(
      'keys checked as the seeds say',
      read.checked === expectedKeys,
      `"checked" says ${read.checked === undefined ? '(not found)' : count(read.checked)} of ${count(expectedKeys)} seeded`,
    );
    check(
      "the full list as a CSV in the admin's DM",
      csv !== undefined && csvTotal === read.total,
      csv === undefined
        ? 'no file in the DM'
        : `${count(csvTotal)} rows, ${(Buffer.byteLength(csv) / MB).toFixed(2)} MB`,
    );
    const roleAccounts = org.accounts.filter((account) => account.roleArn).length;
    const issued = assumeRoles.filter((call) => call.status === 200);
    const sessions = new Set(issued.map((call) => call.roleArn));
    const stsThrottled = assumeRoles.filter((call) => call.errorCode === 'Throttling').length;
    check(
      // The admin's /keys stale runs in the admin's session, so CloudTrail names them (issue 26, item 5).
      "one session per role account, in the asking admin's session (throttled AssumeRoles asked again)",
      issued.length <= roleAccounts &&
        sessions.size === roleAccounts - read.unreachable &&
        assumeRoles.every(
          (call) =>
            (call.status === 200 || call.errorCode === 'Throttling') &&
            call.roleSessionName === `keywarden-${BENCH_ADMIN}` &&
            call.sourceIdentity === BENCH_ADMIN,
        ),
      `${issued.length} sessions issued for ${roleAccounts} role accounts (${sessions.size} distinct roles), ${stsThrottled} AssumeRole throttled`,
    );
    const reportsOk = new Set(
      iamCalls
        .filter((call) => call.action === 'GetCredentialReport' && call.status === 200)
        .map((call) => call.accountId),
    );
    const listing = iamCalls.filter((call) => LISTING_ACTIONS.has(call.action)).length;
    check(
      'every account through its credential report',
      reportsOk.size === org.accounts.length - read.unreachable && listing === 0,
      `${reportsOk.size} reports read; ${listing} listing calls`,
    );
    const bound = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
    check(
      `at most ${bound} accounts in flight at once (scanning.maxConcurrentAccounts)`,
      overlap <= bound,
      `at most ${overlap} at once (from the stand-in's arrival and answer times)`,
    );

    return {
      wallMs,
      scansMs: lastAnswer - startedAt,
      uploadMs: upload ? upload.at.getTime() - startedAt : undefined,
      idleRssMb,
      peakRssMb,
      afterRssMb,
      peakAtMs: peakSample.t - startedAt,
      accountsDoneAtPeak: spans.filter((span) => span.toMs <= peakSample.t).length,
      iamCalls: iamCalls.length,
      iamByAction: countBy(iamCalls, (call) => call.action),
      throttled: iamCalls.filter((call) => call.errorCode === 'Throttling').length,
      assumeRoles: assumeRoles.length,
      stsByAction: countBy(org.sts.calls(), (call) => call.action),
      overlap,
      meanSpanMs: mean(spans.map((span) => span.toMs - span.fromMs)),
      meanGapMs: mean(slotGaps(spans, overlap)),
      stsThrottled,
      reportsRefused: iamCalls.filter((call) => call.errorCode === 'LimitExceeded').length,
      stale: read.total ?? 0,
      csvMb: csv ? Buffer.byteLength(csv) / MB : 0,
      checks,
      warnings,
      marks: {
        commandAt: startedAt,
        lastIamAnswerAt: lastAnswer,
        ...(uploadOpened ? { uploadOpenedAt: uploadOpened.at.getTime() } : {}),
        ...(upload ? { uploadCompletedAt: upload.at.getTime() } : {}),
        answeredAt,
      },
      rssSamples,
      ...(profile.dir ? { profileDir: profile.dir } : {}),
    };
  } finally {
    await bot.stop();
    await slack.close();
    await org.close();
  }
}

function memorySamples(dir: string): MemorySample[] {
  return readFileSync(join(dir, 'memory.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as MemorySample);
}

/** Each phase's time and memory peaks: /proc's RSS always, process.memoryUsage()'s parts with --profile memory. */
function phaseTable(result: RunResult, memory: MemorySample[] | undefined): string {
  const phases = reportPhases(result.marks);
  const mb = (value: number | undefined, scale = 1) =>
    value === undefined ? '' : `${(value / scale).toFixed(0)} MB`;
  const rss = peaksByPhase(phases, result.rssSamples, (sample) => sample.rss);
  const parts = (['heapUsed', 'heapTotal', 'external', 'arrayBuffers'] as const).map((field) =>
    memory ? peaksByPhase(phases, memory, (sample) => sample[field]) : [],
  );
  const at = (ms: number) => ((ms - result.marks.commandAt) / 1000).toFixed(2);
  return table([
    [
      'phase',
      'from-to (s)',
      'peak RSS',
      ...(memory ? ['heap used', 'heap total', 'external', 'arrayBuffers'] : []),
    ],
    ...phases.map((phase, i) => [
      phase.name,
      `${at(phase.fromMs)}-${at(phase.toMs)}`,
      mb(rss[i]),
      ...(memory ? parts.map((peaks) => mb(peaks[i], MB)) : []),
    ]),
  ]);
}

function printRun(result: RunResult, options: Options): void {
  const byAction = (counts: Map<string, number>) =>
    [...counts].map(([action, n]) => `${action} ${n}`).join(', ') || 'none';
  console.log(
    `  answered in ${seconds(result.wallMs)}: the last IAM answer at ${seconds(result.scansMs)}, ` +
      `the CSV's upload completed at ${result.uploadMs === undefined ? '(no upload)' : seconds(result.uploadMs)}`,
  );
  console.log(
    `  per account: ${seconds(result.meanSpanMs)} at IAM on average (GenerateCredentialReport to the report's answer), ` +
      `then ${seconds(result.meanGapMs)} before the next account's first call (the bot parsing and classifying, the next AssumeRole)`,
  );
  console.log(
    `  IAM: ${result.iamCalls} calls (${byAction(result.iamByAction)}), ${result.throttled} throttled`,
  );
  console.log(
    `  STS: ${byAction(result.stsByAction)}, ${result.stsThrottled} AssumeRole throttled; ` +
      `IAM answered LimitExceeded to ${result.reportsRefused} report generations`,
  );
  console.log(
    `  RSS: idle ${result.idleRssMb.toFixed(0)} MB, peak ${result.peakRssMb.toFixed(0)} MB ` +
      `(seen at ${seconds(result.peakAtMs)}, ${result.accountsDoneAtPeak} of ${options.accounts} accounts done), ` +
      `${result.afterRssMb.toFixed(0)} MB 2 s after the answer`,
  );
  if (result.warnings.length > 0) console.log(`  the bot warned: ${result.warnings.join('; ')}`);
  console.log(
    `\n${table([
      ['check', 'result', 'detail'],
      ...result.checks.map((c) => [c.what, c.ok ? 'ok' : 'FAILED', c.detail]),
    ])}\n`,
  );
  const memory =
    options.profile === 'memory' && result.profileDir ? memorySamples(result.profileDir) : undefined;
  console.log(`${phaseTable(result, memory)}\n`);
  if (result.profileDir) {
    const files = readdirSync(result.profileDir).join(', ');
    console.log(`profile (${options.profile}) in ${result.profileDir}: ${files}`);
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const roles = options.allRoles ? options.accounts : options.accounts - 1;
  const keys = Math.round(options.users * options.keysPerUser);
  console.log(
    `Organization: ${options.accounts} accounts (${options.allRoles ? 'all' : `1 home + ${roles}`} roles) x ` +
      `${count(options.users)} users, ${count(keys)} keys each (${count(keys * options.accounts)} keys)`,
  );
  console.log(
    `IAM stand-in: ${options.latencyMs} ms a call, throttling above ${options.ratePerSecond} calls/s per account, ` +
      `credential report ready ${options.reportMs} ms after it is asked for` +
      `${options.reportCapacity !== undefined ? `, at most ${options.reportCapacity} generating at once` : ''}; ` +
      `STS stand-in: ${options.latencyMs} ms a call, ` +
      `${options.stsRatePerSecond ? `throttling above ${options.stsRatePerSecond} AssumeRole/s` : 'no AssumeRole limit'}; ` +
      `the bot: scanning.maxConcurrentAccounts ${options.maxConcurrent ?? `${DEFAULT_MAX_CONCURRENT} (default)`}`,
  );
  console.log(
    `the bot: node ${[...startNodeArgs(), ...options.nodeArgs, 'dist/src/main.js'].join(' ')}, LOG_LEVEL=info, ` +
      (options.embeddedStore
        ? 'the embedded store in its process (--embedded-store)\n'
        : 'its table in a DynamoDB stand-in beside it (KEYWARDEN_TABLE, AWS_ENDPOINT_URL_DYNAMODB), as when deployed\n'),
  );
  const results: RunResult[] = [];
  for (let i = 0; i < options.runs; i++) {
    console.log(`run ${i + 1}/${options.runs}`);
    const result = await runOnce(options);
    printRun(result, options);
    results.push(result);
  }
  const byTime = [...results].sort((a, b) => a.wallMs - b.wallMs);
  const median = byTime[Math.floor(byTime.length / 2)] as RunResult;
  const peak = Math.max(...results.map((r) => r.peakRssMb));
  const overlap = Math.max(...results.map((r) => r.overlap));
  const assumeRoles = Math.max(...results.map((r) => r.assumeRoles));
  const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const target = targetFor(options);
  const bound = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
  const runsNote =
    results.length > 1
      ? ` (median of ${results.length}: ${byTime.map((r) => seconds(r.wallMs)).join(', ')})`
      : '';
  console.log(
    table([
      ['figure', 'measured', 'target', ''],
      [
        '/keys stale, signed command to the answer',
        `${seconds(median.wallMs)}${runsNote}`,
        `under ${target.wallMs / 1000} s`,
        met(median.wallMs < target.wallMs),
      ],
      [
        "bot's peak RSS (VmHWM)",
        `${peak.toFixed(0)} MB${results.length > 1 ? ' (highest)' : ''}`,
        `below ${target.peakRssMb} MB`,
        met(peak < target.peakRssMb),
      ],
      ["bot's idle RSS", `${median.idleRssMb.toFixed(0)} MB`, '', ''],
      ['accounts scanned at once', `at most ${overlap}`, `at most ${bound}`, met(overlap <= bound)],
      ['IAM calls', count(median.iamCalls), '', ''],
      [
        'STS AssumeRole calls',
        `${count(assumeRoles)} (${count(Math.max(...results.map((r) => r.stsThrottled)))} throttled)`,
        `one session per role account (${roles})`,
        '',
      ],
      ['stale keys found', count(median.stale), '', ''],
      ['CSV shared in the DM', `${median.csvMb.toFixed(2)} MB`, '', ''],
      ['checks', results.every((r) => r.checks.every((c) => c.ok)) ? 'all ok' : 'SOME FAILED', 'all ok', ''],
    ]),
  );
  if (results.some((r) => r.checks.some((c) => !c.ok))) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
