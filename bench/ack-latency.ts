/**
 * Ack latency and throughput of `/keys help` and `/keys list alice` against a bare Bolt app that acks
 * with a fixed text, with the bot's metrics on and off (KEYWARDEN_METRICS=off, a second bot process), under signed load: an open loop (a fixed rate, latency counted from when each
 * request was due, so a slow server cannot hide its queue) and a closed loop (a fixed number in
 * flight). The bot and the bare app each run in a process of their own (`node dist/...`), so the load
 * generator and the stand-ins do not share their event loop. See bench/README.md.
 */
import { join } from 'node:path';
import { IamState, startIamServer, type IamServer } from '../sandbox/iam';
import { SlackDriver, startSlackServer, type SlackServer } from '../sandbox/slack';
import {
  BENCH_ADMIN,
  BENCH_ALICE,
  BENCH_BOT_TOKEN,
  BENCH_SIGNING_SECRET,
  startBotProcess,
  type BotProcess,
} from './bot-process';
import { percentile } from './percentile';

interface Options {
  rate: number;
  inFlight: number;
  seconds: number;
  warmup: number;
  /** The IAM stand-in closes every connection after its answer (HTTP/1.0 style), as issue 19 measured. */
  iamCloses: boolean;
  logLevel: string;
  /** Where the bots write `--cpu-prof` profiles (one per process, on exit); bench/cpu-profile-summary.ts reads them. */
  cpuProfDir?: string;
  /** Only the bot's targets for this command (`help` or `list`), beside bare Bolt: a profile of one command. */
  only?: string;
}

const USAGE =
  'usage: node dist/bench/ack-latency.js [--rate PER_SECOND] [--in-flight N] [--seconds S] [--warmup N] ' +
  '[--iam-keeps-alive] [--log-level LEVEL] [--cpu-prof DIR] [--only help|list]';

function parseArgs(argv: string[]): Options {
  const options: Options = {
    rate: 100,
    inFlight: 100,
    seconds: 10,
    warmup: 300,
    iamCloses: true,
    logLevel: 'info',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--iam-keeps-alive') {
      options.iamCloses = false;
      continue;
    }
    if (flag === '--log-level') {
      options.logLevel = argv[++i] ?? 'info';
      continue;
    }
    if (flag === '--cpu-prof') {
      options.cpuProfDir = argv[++i];
      continue;
    }
    if (flag === '--only') {
      options.only = argv[++i];
      continue;
    }
    const value = Number(argv[++i]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} needs a positive number\n${USAGE}`);
    if (flag === '--rate') options.rate = value;
    else if (flag === '--in-flight') options.inFlight = value;
    else if (flag === '--seconds') options.seconds = value;
    else if (flag === '--warmup') options.warmup = value;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
}

interface Target {
  label: string;
  text: string;
  as: string;
  process: BotProcess;
}

interface LoopResult {
  /** CPU the server process used during the loop and the work it left, ms. */
  cpuMs: number;
  sent: number;
  failed: number;
  latencies: number[];
  seconds: number;
}

function driverFor(slack: SlackServer, target: Target): SlackDriver {
  return new SlackDriver({
    server: slack,
    eventsUrl: target.process.eventsUrl,
    signingSecret: BENCH_SIGNING_SECRET,
    showAckBodies: false,
  });
}

/** One signed command; the ack is Bolt's HTTP answer. Resolves to whether it was a 200. */
async function send(driver: SlackDriver, target: Target): Promise<boolean> {
  const reply = await driver.command(target.text, { userId: target.as });
  return reply.status === 200;
}

async function openLoop(slack: SlackServer, target: Target, options: Options): Promise<LoopResult> {
  const driver = driverFor(slack, target);
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      send(driver, target).then(
        (ok) => {
          if (ok) latencies.push(performance.now() - due);
          else failed++;
        },
        () => {
          failed++;
        },
      ),
    );
  }
  await Promise.all(pending);
  return { cpuMs: 0, sent: total, failed, latencies, seconds: (performance.now() - started) / 1000 };
}

async function closedLoop(slack: SlackServer, target: Target, options: Options): Promise<LoopResult> {
  const driver = driverFor(slack, target);
  const latencies: number[] = [];
  let failed = 0;
  let sent = 0;
  const started = performance.now();
  const until = started + options.seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      sent++;
      const at = performance.now();
      const ok = await send(driver, target).catch(() => false);
      if (ok) latencies.push(performance.now() - at);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: options.inFlight }, worker));
  return { cpuMs: 0, sent, failed, latencies, seconds: (performance.now() - started) / 1000 };
}

async function warmUp(slack: SlackServer, target: Target, count: number): Promise<void> {
  const driver = driverFor(slack, target);
  for (let i = 0; i < count; i += 10) {
    await Promise.all(Array.from({ length: 10 }, () => send(driver, target)));
  }
}

/** Lets the work after each ack (IAM calls, response_url answers) finish before the next measurement. */
async function settle(slack: SlackServer, iam: IamServer): Promise<void> {
  let last = -1;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = slack.responses().length + iam.calls().length;
    if (now === last) return;
    last = now;
  }
}

interface Row {
  label: string;
  open: LoopResult;
  closed: LoopResult;
}

function summary(row: Row) {
  const open = [...row.open.latencies].sort((a, b) => a - b);
  const closed = [...row.closed.latencies].sort((a, b) => a - b);
  return {
    p50: percentile(open, 50),
    p99: percentile(open, 99),
    max: open.at(-1) ?? Number.NaN,
    failed: row.open.failed + row.closed.failed,
    throughput: row.closed.latencies.length / row.closed.seconds,
    closedP99: percentile(closed, 99),
    cpuPerCommand: (row.open.cpuMs + row.closed.cpuMs) / (row.open.sent + row.closed.sent),
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

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const state = new IamState();
  state.addUser('alice');
  state.addKey('alice', { createDate: new Date(Date.now() - 40 * 86_400_000) });
  state.addKey('alice', { createDate: new Date(Date.now() - 3 * 86_400_000) });
  const iam = await startIamServer({ state, closeConnections: options.iamCloses });
  const slack = await startSlackServer({
    botToken: BENCH_BOT_TOKEN,
    users: [
      { id: BENCH_ADMIN, name: 'ada', email: 'ada@example.com' },
      { id: BENCH_ALICE, name: 'alice', email: 'alice@example.com' },
    ],
  });
  const bare = await startBotProcess({
    iamUrl: iam.url,
    slackApiUrl: slack.apiUrl,
    script: join(__dirname, 'bare-bolt.js'),
  });
  const profile = (name: string) =>
    options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir, '--cpu-prof-name', name] : [];
  const bot = await startBotProcess({
    iamUrl: iam.url,
    slackApiUrl: slack.apiUrl,
    env: { LOG_LEVEL: options.logLevel },
    nodeArgs: profile('metrics-on.cpuprofile'),
  });
  // The same bot with nothing counted: what metrics cost on the ack path is the difference.
  const uncounted = await startBotProcess({
    iamUrl: iam.url,
    slackApiUrl: slack.apiUrl,
    env: { LOG_LEVEL: options.logLevel, KEYWARDEN_METRICS: 'off' },
    nodeArgs: profile('metrics-off.cpuprofile'),
  });
  const all: Target[] = [
    { label: 'bare Bolt (fixed ack)', text: 'help', as: BENCH_ALICE, process: bare },
    { label: 'bot: /keys help', text: 'help', as: BENCH_ALICE, process: bot },
    { label: 'bot: /keys list alice', text: 'list alice', as: BENCH_ALICE, process: bot },
    { label: 'bot, metrics off: /keys help', text: 'help', as: BENCH_ALICE, process: uncounted },
    { label: 'bot, metrics off: /keys list alice', text: 'list alice', as: BENCH_ALICE, process: uncounted },
  ];
  const targets = all.filter(
    (target) => target.process === bare || !options.only || target.text.startsWith(options.only),
  );
  console.log(
    `Load: open loop ${options.rate} commands/s for ${options.seconds} s; closed loop ${options.inFlight} in flight ` +
      `for ${options.seconds} s; ${options.warmup} commands of warm-up each. Signed HTTP, a fresh connection each.\n` +
      `IAM stand-in: ${options.iamCloses ? 'closes every connection after its answer (HTTP/1.0 style)' : 'keeps connections alive'}; ` +
      `bot LOG_LEVEL=${options.logLevel}.\n`,
  );
  const rows: Row[] = [];
  try {
    for (const target of targets) {
      process.stdout.write(`${target.label}: warm-up... `);
      await warmUp(slack, target, options.warmup);
      await settle(slack, iam);
      process.stdout.write('open loop... ');
      let cpu = target.process.cpuMs();
      const open = await openLoop(slack, target, options);
      await settle(slack, iam);
      open.cpuMs = target.process.cpuMs() - cpu;
      process.stdout.write('closed loop... ');
      cpu = target.process.cpuMs();
      const closed = await closedLoop(slack, target, options);
      await settle(slack, iam);
      closed.cpuMs = target.process.cpuMs() - cpu;
      console.log('done');
      rows.push({ label: target.label, open, closed });
    }
  } finally {
    await bot.stop();
    await uncounted.stop();
    await bare.stop();
    await slack.close();
    await iam.close();
  }

  const base = rows[0] ? summary(rows[0]) : undefined;
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const lines = [
    [
      'target',
      'open p50',
      'open p99',
      'open max',
      'closed p99',
      'throughput',
      'CPU/command',
      'failed',
      'p99 / bare',
      'thr / bare',
    ],
    ...rows.map((row) => {
      const s = summary(row);
      return [
        row.label,
        ms(s.p50),
        ms(s.p99),
        ms(s.max),
        ms(s.closedP99),
        `${s.throughput.toFixed(0)}/s`,
        ms(s.cpuPerCommand),
        String(s.failed),
        base ? `${(s.p99 / base.p99).toFixed(2)}x` : '',
        base ? `${(s.throughput / base.throughput).toFixed(2)}x` : '',
      ];
    }),
  ];
  console.log(`\n${table(lines)}\n`);
  if (base) {
    for (const row of rows.slice(1)) {
      const s = summary(row);
      const p99Target = base.p99 * 1.25 + 10;
      console.log(
        `${row.label}: p99 ${ms(s.p99)} against a target of ${ms(p99Target)} (1.25 x bare + 10 ms): ` +
          `${s.p99 <= p99Target ? 'met' : 'NOT met'}; throughput ${(s.throughput / base.throughput).toFixed(2)}x ` +
          `bare against 0.9x: ${s.throughput >= 0.9 * base.throughput ? 'met' : 'NOT met'}`,
      );
    }
  }
  // Metrics on against off, command by command: CPU per command is the steadier figure on shared cores.
  for (const command of ['help', 'list alice']) {
    const on = rows.find((row) => row.label === `bot: /keys ${command}`);
    const off = rows.find((row) => row.label === `bot, metrics off: /keys ${command}`);
    if (!on || !off) continue;
    const [a, b] = [summary(on), summary(off)];
    console.log(
      `metrics on / off, /keys ${command}: CPU/command ${ms(a.cpuPerCommand)} / ${ms(b.cpuPerCommand)} ` +
        `(${(a.cpuPerCommand / b.cpuPerCommand).toFixed(2)}x); open p99 ${ms(a.p99)} / ${ms(b.p99)}; ` +
        `throughput ${a.throughput.toFixed(0)} / ${b.throughput.toFixed(0)}/s`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
