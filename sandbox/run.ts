import { join } from 'node:path';
import { createLogger } from '../src/platform/logger';
import { DEFAULT_PAGE_PORT, startSandbox } from './demo/start-sandbox';
import { repoRoot } from './page-server';

export { startSandbox, type Sandbox, type SandboxOptions } from './demo/start-sandbox';

export interface RunArgs {
  port: number;
  reset: boolean;
  logLevel: string;
}

export const USAGE = 'usage: npm run sandbox -- [--port N] [--reset] [--log-level warn|info|debug]';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function parseRunArgs(argv: readonly string[]): RunArgs {
  const args: RunArgs = { port: DEFAULT_PAGE_PORT, reset: false, logLevel: 'warn' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--reset') args.reset = true;
    else if (arg === '--port') {
      const port = Number(argv[++i]);
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new Error(`--port: not a port number\n${USAGE}`);
      args.port = port;
    } else if (arg === '--log-level') {
      const level = argv[++i] ?? '';
      if (!LOG_LEVELS.includes(level))
        throw new Error(`--log-level: one of ${LOG_LEVELS.join(', ')}\n${USAGE}`);
      args.logLevel = level;
    } else throw new Error(`unknown argument: ${arg}\n${USAGE}`);
  }
  return args;
}

/**
 * Belt and braces on top of the bot's explicit configuration: with the operator's AWS and Slack settings
 * gone from this process, no library can pick them up by itself either.
 */
function forgetOperatorCredentials(): void {
  for (const name of Object.keys(process.env)) {
    if (/^(AWS_|SLACK_)/.test(name)) {
      delete process.env[name];
    }
  }
  process.env.AWS_CONFIG_FILE = '/dev/null';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/dev/null';
  // The SDK's notice about its 2027 Node requirement would be the loudest line of a demo; the lock file pins it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}

async function main(): Promise<void> {
  let args: RunArgs;
  try {
    args = parseRunArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  forgetOperatorCredentials();
  console.log('Keywarden sandbox: no Slack workspace, no AWS account; everything on 127.0.0.1.');
  const sandbox = await startSandbox({
    dataDir: join(repoRoot(), 'data', 'sandbox'),
    pagePort: args.port,
    reset: args.reset,
    log: createLogger({ level: args.logLevel, pretty: true }),
    announce: (line) => console.log(`  ${line}`),
    stepUp: true,
  });
  console.log(`\nOpen ${sandbox.pageUrl}  (Ctrl-C stops everything; state is kept in data/sandbox/)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      console.log('stopping at once');
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: stopping (the bot finishes work in flight first)`);
    sandbox.stop().then(
      () => {
        console.log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('sandbox: stop failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? ' (try --port N)' : '';
    console.error(`sandbox: failed to start: ${message}${inUse}`);
    process.exit(1);
  });
}
