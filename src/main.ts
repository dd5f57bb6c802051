import { createKeywarden } from './app';
import { loadConfig } from './platform/config';
import { KeywardenError } from './kernel/errors';
import { createLogger, flushLogger } from './platform/logger';

/** Process entry: configuration, the app, start, and a graceful stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof KeywardenError && error.code === 'CONFIG_INVALID') {
      process.stderr.write(`keywarden: configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY });
  const keywarden = await createKeywarden({ config, log });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing work in flight');
    await keywarden.stop();
    log.info('stopped');
    await flushLogger(log);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  await keywarden.start();
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`keywarden: failed to start: ${message}\n`);
  process.exit(1);
});
