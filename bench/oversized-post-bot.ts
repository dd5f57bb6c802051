/**
 * The bot in a process of its own, so the memory measured is the receiver's and nothing else's.
 * Started by oversized-post.ts: `keywarden` is the bot as production builds it; `bolt` is Bolt's
 * HTTPReceiver alone, without Keywarden's guard in front, for reference.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createKeywarden } from '../src/app';
import { parsePolicy, type Config } from '../src/platform/config';
import { createLogger } from '../src/platform/logger';

export type BotKind = 'keywarden' | 'bolt';

export type BotRequest =
  | {
      type: 'start';
      kind: BotKind;
      slackApiUrl: string;
      iamUrl: string;
      botToken: string;
      signingSecret: string;
    }
  | { type: 'measure' }
  | { type: 'stop' };

export type BotMessage =
  { type: 'started'; port: number } | { type: 'measured'; rssMb: number; peakRssMb: number };

const MB = 1024 * 1024;
const POLICY = 'roles:\n  admins: [U0ADMIN]\napprovals:\n  channel: C0APPROVALS\n';

// Sampled, not resourceUsage().maxRSS: that high-water mark never comes down, and each phase wants its own peak.
let peakRss = process.memoryUsage.rss();
setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 2).unref();

async function startKeywarden(request: Extract<BotRequest, { type: 'start' }>): Promise<number> {
  const config: Config = {
    slack: { botToken: request.botToken, signingSecret: request.signingSecret, apiUrl: request.slackApiUrl },
    port: 0,
    policyPath: 'bench.yml',
    store: { createTable: true, dataDir: '' },
    logLevel: 'silent',
    policy: parsePolicy(POLICY, 'bench.yml'),
  };
  const keywarden = await createKeywarden({
    config,
    log: createLogger({ level: 'silent' }),
    iam: { endpoint: request.iamUrl, credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } },
    host: '127.0.0.1',
    inMemoryStore: true,
    sweepEveryMs: 0,
  });
  return (await keywarden.start()) as number;
}

async function startBoltAlone(request: Extract<BotRequest, { type: 'start' }>): Promise<number> {
  const receiver = new HTTPReceiver({
    signingSecret: request.signingSecret,
    endpoints: '/slack/events',
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    token: request.botToken,
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: request.slackApiUrl },
    deferInitialization: true,
  });
  await app.init();
  const server = (await receiver.start({ port: 0, host: '127.0.0.1' })) as Server;
  return (server.address() as AddressInfo).port;
}

function send(message: BotMessage): void {
  process.send?.(message);
}

process.on('message', (request: BotRequest) => {
  if (request.type === 'start') {
    const start = request.kind === 'keywarden' ? startKeywarden : startBoltAlone;
    void start(request).then((port) => {
      peakRss = process.memoryUsage.rss();
      send({ type: 'started', port });
    });
  } else if (request.type === 'measure') {
    const rss = process.memoryUsage.rss();
    send({ type: 'measured', rssMb: rss / MB, peakRssMb: Math.max(peakRss, rss) / MB });
    peakRss = rss;
  } else {
    process.exit(0);
  }
});
