/**
 * The exposure response's latency: from an AWS Health event's arrival on the queue to the key Inactive
 * (IAM's answer to UpdateAccessKey) and to the incident card posted (chat.postMessage in the incident
 * channel), over N incidents, median and p99. The bot runs as `npm start` runs it, configured only by the
 * run contract (KEYWARDEN_EXPOSURE_QUEUE_URL, AWS_ENDPOINT_URL_SQS / _CLOUDTRAIL / _IAM / _STS); both
 * times are read on this process's clock, where the message is sent and the stand-ins see the calls.
 * Sequential (default): one incident at a time, each sent while the bot's long poll is parked. `--burst`:
 * all at once, so the later ones queue behind the earlier. See bench/README.md.
 */
import { healthLeakEvent } from '../sandbox/demo/leak-events';
import type { IamCall } from '../sandbox/iam';
import { startSlackServer, type MessageChange } from '../sandbox/slack';
import { BENCH_BOT_TOKEN, BENCH_POLICY, startBotProcess } from './bot-process';
import { EXPOSURE_HOME_ACCOUNT, startExposureWorld } from './exposure-stand-ins';
import { percentile } from './percentile';
import { table } from './table';

const INCIDENTS = 'C0INCIDENTS';
const USAGE = 'usage: node dist/bench/exposure-latency.js [--incidents N] [--warmup N] [--burst]';
const TARGET_INACTIVE_MS = 2_000;
const TARGET_CARD_MS = 5_000;

interface Options {
  incidents: number;
  warmup: number;
  burst: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { incidents: 50, warmup: 3, burst: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--burst') {
      options.burst = true;
      continue;
    }
    const value = Number(argv[++i]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a whole number\n${USAGE}`);
    if (flag === '--incidents') options.incidents = value;
    else if (flag === '--warmup') options.warmup = value;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
}

/** When each key was seen Inactive and its card posted, on performance.now(). */
class Sightings {
  readonly inactiveAt = new Map<string, number>();
  readonly cardAt = new Map<string, number>();
  private readonly waiters = new Set<() => void>();

  sawCall(call: IamCall): void {
    const keyId = call.params.AccessKeyId;
    if (call.action !== 'UpdateAccessKey' || call.status !== 200 || call.params.Status !== 'Inactive') return;
    if (keyId && !this.inactiveAt.has(keyId)) this.inactiveAt.set(keyId, performance.now());
    this.wake();
  }

  sawMessage(change: MessageChange, keys: readonly string[]): void {
    if (change.kind !== 'posted' || change.message.channel !== INCIDENTS) return;
    const text = change.message.text ?? '';
    const keyId = keys.find((key) => text.includes(key));
    if (keyId && !this.cardAt.has(keyId)) this.cardAt.set(keyId, performance.now());
    this.wake();
  }

  /** Resolves when every key has both; rejects after timeoutMs with what is missing. */
  until(keys: readonly string[], timeoutMs: number): Promise<void> {
    const done = () => keys.every((key) => this.inactiveAt.has(key) && this.cardAt.has(key));
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const missing = keys.filter((key) => !this.inactiveAt.has(key) || !this.cardAt.has(key));
        reject(new Error(`no containment or card after ${timeoutMs} ms for ${missing.join(', ')}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const total = options.warmup + options.incidents;
  const world = await startExposureWorld(total, 30);
  const slack = await startSlackServer({ botToken: BENCH_BOT_TOKEN, users: [] });
  const sightings = new Sightings();
  world.iam.onCall((call) => sightings.sawCall(call));
  slack.onChange((change) => sightings.sawMessage(change, world.keys));
  const bot = await startBotProcess({
    iamUrl: world.iam.url,
    slackApiUrl: slack.apiUrl,
    policy: `${BENCH_POLICY}\nexposure:\n  channel: ${INCIDENTS}\n  regions: [us-east-1]\n`,
    env: world.env,
  });
  const sentAt = new Map<string, number>();
  const send = (keyId: string) => {
    sentAt.set(keyId, performance.now());
    world.sqs.send(
      world.queueUrl,
      JSON.stringify(healthLeakEvent({ accessKeyId: keyId, account: EXPOSURE_HOME_ACCOUNT })),
    );
  };
  try {
    const warm = world.keys.slice(0, options.warmup);
    const measured = world.keys.slice(options.warmup);
    for (const keyId of warm) {
      await world.sqs.waitForPollers(world.queueUrl, 1, 30_000);
      send(keyId);
      await sightings.until([keyId], 30_000);
    }
    const cpuBefore = bot.cpuMs();
    const started = performance.now();
    if (options.burst) {
      await world.sqs.waitForPollers(world.queueUrl, 1, 30_000);
      for (const keyId of measured) send(keyId);
      await sightings.until(measured, 120_000);
    } else {
      for (const keyId of measured) {
        await world.sqs.waitForPollers(world.queueUrl, 1, 30_000);
        send(keyId);
        await sightings.until([keyId], 30_000);
      }
    }
    const elapsed = performance.now() - started;
    await world.sqs.waitForDeleted(world.queueUrl, total, 30_000);
    const since = (at: Map<string, number>) =>
      measured
        .map((key) => (at.get(key) ?? Number.NaN) - (sentAt.get(key) ?? Number.NaN))
        .sort((a, b) => a - b);
    const inactive = since(sightings.inactiveAt);
    const card = since(sightings.cardAt);
    const updates = world.iam.calls('UpdateAccessKey').length;
    const lookups = world.cloudTrail.calls();
    const row = (label: string, sorted: number[], target: number) => {
      const p99 = percentile(sorted, 99);
      const ok = p99 < target ? 'met' : 'NOT met';
      return [label, ms(percentile(sorted, 50)), ms(p99), ms(sorted.at(-1) ?? NaN), ms(target), ok];
    };
    console.log(
      `Exposure latency: ${options.incidents} incidents${options.burst ? ' sent at once' : ', one at a time'} ` +
        `(${options.warmup} warm-up), bot pid ${bot.pid}\n`,
    );
    console.log(
      table([
        ['from arrival to', 'median', 'p99', 'max', 'target (p99)', 'result'],
        row('key Inactive', inactive, TARGET_INACTIVE_MS),
        row('card posted', card, TARGET_CARD_MS),
      ]),
    );
    console.log(
      `\n${updates} UpdateAccessKey for ${total} incidents; ${world.sqs.deletedIds(world.queueUrl).length} messages deleted; ` +
        `${lookups.length} LookupEvents (${lookups.filter((c) => c.errorCode === 'ThrottlingException').length} throttled); ` +
        `${(elapsed / 1000).toFixed(1)} s for the measured incidents; bot CPU ${((bot.cpuMs() - cpuBefore) / options.incidents).toFixed(1)} ms an incident`,
    );
  } finally {
    await bot.stop();
    await slack.close();
    await world.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
