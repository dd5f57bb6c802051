/**
 * The bot as `npm start` runs it (`node <package.json start's flags> dist/src/main.js`), in a process of its own, configured only
 * through the run contract's environment and pointed at the stand-ins. Its memory is read from
 * /proc (Linux), so the figures are the bot's and not the load generator's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmbeddedDynamo } from '../src/platform/store/embedded-dynamo';

export const BENCH_SIGNING_SECRET = 'bench-signing-secret';
export const BENCH_BOT_TOKEN = 'xoxb-bench-bot-token';
export const BENCH_ADMIN = 'U0ADMIN';
export const BENCH_ALICE = 'U0ALICE';
/** The bot's AWS credentials: any pair does for the stand-ins; the store run as a service checks it. */
const BENCH_CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };

export const BENCH_POLICY = `
roles:
  admins: [${BENCH_ADMIN}]
  approvers: [U0APPROVER]
selfService: true
identity:
  users: { ${BENCH_ALICE}: alice }
approvals:
  channel: C0APPROVALS
  required: 1
  expiresAfterHours: 24
reports:
  - channel: C0SECOPS
    schedule: "0 9 1 1 *"
    timezone: UTC
    maxAgeDays: 90
    maxUnusedDays: 30
`;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A field of /proc/PID/status in megabytes: VmRSS now, VmHWM the high-water mark. */
export function procMemoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match?.[1]) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

/** CPU time the process has used, user and system, in milliseconds (clock ticks of 10 ms). */
export function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces; the fields after it are space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface BotProcess {
  pid: number;
  eventsUrl: string;
  /** Resident memory now, MB. */
  rssMb(): number;
  /** The process's peak resident memory so far, MB. */
  peakRssMb(): number;
  /** CPU time used so far, ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export interface StartBotOptions {
  iamUrl: string;
  slackApiUrl: string;
  /** Extra flags for node, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** The script to run instead of the bot, e.g. the bare Bolt app; it must serve GET /healthz. */
  script?: string;
  env?: Record<string, string>;
  /** The policy file's YAML; default BENCH_POLICY (one account). */
  policy?: string;
  /** Where the bot's stdout goes: its pino lines. Default: discarded. */
  logTo?: (line: string) => void;
  /**
   * `embedded` (default): the bot starts its own store in its process, as `npm run sandbox` and a
   * bare `npm start` do. `service`: the store runs in the bench's process and the bot reaches it as
   * a deployed bot reaches DynamoDB (KEYWARDEN_TABLE, AWS_ENDPOINT_URL_DYNAMODB), so the bot's memory
   * is its own and not the store's (dynalite and LevelDB's caches).
   */
  store?: 'embedded' | 'service';
}

async function healthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode} while starting`);
    const ok = await fetch(url).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`the bot did not answer ${url} within ${timeoutMs} ms`);
}

/** The node flags of package.json's `start`, so the bench measures the bot as it is deployed. */
export function startNodeArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return pkg.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}

/** `node dist/src/main.js` (with start's flags) with LOG_LEVEL=info, HTTP mode, the embedded store in a fresh directory. */
export async function startBotProcess(options: StartBotOptions): Promise<BotProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'keywarden-bench-'));
  const policyPath = join(dir, 'keywarden.yml');
  writeFileSync(policyPath, options.policy ?? BENCH_POLICY);
  const port = await freePort();
  const service =
    options.store === 'service'
      ? await startEmbeddedDynamo(join(dir, 'data'), { credentials: BENCH_CREDENTIALS })
      : undefined;
  const child = spawn(
    process.execPath,
    [
      ...(options.script ? [] : startNodeArgs()),
      ...(options.nodeArgs ?? []),
      options.script ?? join(__dirname, '..', 'src', 'main.js'),
    ],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: BENCH_BOT_TOKEN,
        SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
        SLACK_API_URL: options.slackApiUrl,
        PORT: String(port),
        KEYWARDEN_CONFIG: policyPath,
        KEYWARDEN_DATA_DIR: join(dir, 'data'),
        LOG_LEVEL: 'info',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: BENCH_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: BENCH_CREDENTIALS.secretAccessKey,
        AWS_ENDPOINT_URL_IAM: options.iamUrl,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...(service
          ? {
              KEYWARDEN_TABLE: 'keywarden',
              KEYWARDEN_CREATE_TABLE: 'true',
              AWS_ENDPOINT_URL_DYNAMODB: service.endpoint,
            }
          : {}),
        ...options.env,
      },
    },
  );
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    if (!options.logTo) return;
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) options.logTo(line);
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the bot did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await healthy(`http://127.0.0.1:${port}/healthz`, child, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    await service?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    pid,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    rssMb: () => procMemoryMb(pid, 'VmRSS'),
    peakRssMb: () => procMemoryMb(pid, 'VmHWM'),
    cpuMs: () => procCpuMs(pid),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
      await service?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
