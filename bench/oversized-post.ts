/**
 * Oversized-request benchmark: how much the bot process grows when someone who does not hold the
 * signing secret POSTs huge bodies to /slack/events, against a baseline of tiny unsigned POSTs.
 * See bench/README.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { IamState, startIamServer } from '../sandbox/iam';
import { startSlackServer } from '../sandbox/slack';
import type { BotKind, BotMessage, BotRequest } from './oversized-post-bot';

const MB = 1024 * 1024;
const BOT_TOKEN = 'xoxb-bench-bot-token';
const SIGNING_SECRET = 'bench-signing-secret';
const USAGE = 'usage: node dist/bench/oversized-post.js [--posts N] [--mb N] [--no-bolt]';

interface Options {
  posts: number;
  megabytes: number;
  boltReference: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { posts: 20, megabytes: 96, boltReference: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const number = () => {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} needs a whole number\n${USAGE}`);
      return value;
    };
    if (flag === '--posts') options.posts = number();
    else if (flag === '--mb') options.megabytes = number();
    else if (flag === '--no-bolt') options.boltReference = false;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
}

interface PostResult {
  status: number | 'closed';
  sent: number;
}

/**
 * One unsigned POST with a Content-Length of `bytes`, written as fast as the connection takes it,
 * until the whole body is out or the server answers or closes: what a careless or hostile client does.
 */
function unsignedPost(port: number, bytes: number): Promise<PostResult> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(Math.min(bytes, MB), 'a');
    let sent = 0;
    let done = false;
    const finish = (status: PostResult['status']) => {
      if (done) return;
      done = true;
      req.destroy();
      resolve({ status, sent });
    };
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/slack/events',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(bytes) },
      },
      (res) => {
        res.resume();
        finish(res.statusCode ?? 0);
      },
    );
    req.on('error', () => finish('closed'));
    // One piece a turn of the event loop, so an answer that arrives mid-body is read before the next
    // write meets the closed connection.
    const pump = () => {
      if (done) return;
      if (sent >= bytes) {
        req.end();
        return;
      }
      const piece = bytes - sent >= chunk.length ? chunk : chunk.subarray(0, bytes - sent);
      sent += piece.length;
      if (req.write(piece)) setImmediate(pump);
      else req.once('drain', pump);
    };
    pump();
  });
}

class Bot {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(kind: BotKind, slackApiUrl: string, iamUrl: string): Promise<Bot> {
    const child = fork(join(__dirname, 'oversized-post-bot.js'), [], {
      stdio: 'inherit',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    const started = Bot.next(child);
    child.send({
      type: 'start',
      kind,
      slackApiUrl,
      iamUrl,
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
    } satisfies BotRequest);
    const message = await started;
    if (message.type !== 'started') throw new Error(`the ${kind} bot did not start`);
    return new Bot(child, message.port);
  }

  private static next(child: ChildProcess): Promise<BotMessage> {
    return new Promise((resolve, reject) => {
      child.once('message', (message) => resolve(message as BotMessage));
      child.once('exit', (code) => reject(new Error(`the bot process exited with ${code}`)));
    });
  }

  /** The RSS now and its peak since the last measure(), in MB. */
  async measure(): Promise<{ rssMb: number; peakRssMb: number }> {
    const answer = Bot.next(this.child);
    this.child.send({ type: 'measure' } satisfies BotRequest);
    const message = await answer;
    if (message.type !== 'measured') throw new Error('unexpected answer from the bot process');
    return message;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send({ type: 'stop' } satisfies BotRequest);
    });
  }
}

interface Phase {
  receiver: BotKind;
  phase: string;
  posts: number;
  answers: string;
  sentMb: number;
  wallS: number;
  growthMb: number;
}

async function phase(
  bot: Bot,
  receiver: BotKind,
  name: string,
  posts: number,
  bytes: number,
): Promise<Phase> {
  const before = await bot.measure();
  const started = performance.now();
  const results: PostResult[] = [];
  for (let i = 0; i < posts; i++) results.push(await unsignedPost(bot.port, bytes));
  const wallS = (performance.now() - started) / 1000;
  const after = await bot.measure();
  const statuses = new Map<string, number>();
  for (const result of results)
    statuses.set(String(result.status), (statuses.get(String(result.status)) ?? 0) + 1);
  return {
    receiver,
    phase: name,
    posts,
    answers: [...statuses].map(([status, count]) => `${count} x ${status}`).join(', '),
    sentMb: results.reduce((sum, result) => sum + result.sent, 0) / posts / MB,
    wallS,
    growthMb: Math.max(0, after.peakRssMb - before.rssMb),
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

const label = (kind: BotKind) => (kind === 'keywarden' ? 'keywarden (guarded)' : 'Bolt alone');

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const slack = await startSlackServer({ botToken: BOT_TOKEN });
  const iam = await startIamServer({ state: new IamState() });
  const kinds: BotKind[] = options.boltReference ? ['keywarden', 'bolt'] : ['keywarden'];
  console.log(
    `${options.posts} unsigned POSTs of ${options.megabytes} MB, against ${options.posts} tiny unsigned POSTs, ` +
      'each receiver in a fresh process\n',
  );
  const phases: Phase[] = [];
  try {
    for (const kind of kinds) {
      process.stdout.write(`running ${label(kind)}... `);
      const started = performance.now();
      const bot = await Bot.start(kind, slack.apiUrl, iam.url);
      try {
        phases.push(await phase(bot, kind, 'tiny', options.posts, 16));
        phases.push(await phase(bot, kind, `${options.megabytes} MB`, options.posts, options.megabytes * MB));
      } finally {
        await bot.stop();
      }
      console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await slack.close();
    await iam.close();
  }
  console.log(
    table([
      ['receiver', 'posts', 'answers', 'body sent per post', 'wall time', 'RSS growth (peak)'],
      ...phases.map((p) => [
        label(p.receiver),
        `${p.posts} x ${p.phase}`,
        p.answers,
        `${p.sentMb.toFixed(2)} MB`,
        `${p.wallS.toFixed(2)} s`,
        `${p.growthMb.toFixed(1)} MB`,
      ]),
    ]),
  );
  console.log('');
  for (const kind of kinds) {
    const [tiny, big] = phases.filter((p) => p.receiver === kind);
    if (!tiny || !big) continue;
    // Growth under 1 MB is noise; the ratio counts it as 1 MB rather than divide by almost nothing.
    const ratio = big.growthMb / Math.max(1, tiny.growthMb);
    console.log(
      `${label(kind)}: ${options.megabytes} MB posts grew the process by ${big.growthMb.toFixed(1)} MB, ` +
        `tiny posts by ${tiny.growthMb.toFixed(1)} MB: ratio ${ratio.toFixed(1)}x`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
