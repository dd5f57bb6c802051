import { loadConfig } from './platform/config';
import { KeywardenError } from './kernel/errors';
import { createLogger, flushLogger } from './platform/logger';
import { startTracingFromEnv } from './platform/tracing/tracing-from-env';

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
  // Order matters. Tracing (only with OTEL_EXPORTER_OTLP_ENDPOINT or _TRACES_ENDPOINT set) starts first:
  // the AWS SDK instrumentation patches @smithy/core as it is loaded, so the app, and with it every
  // @aws-sdk client, is imported after it; the logger is made after it so its lines carry trace_id.
  const tracing = await startTracingFromEnv(process.env);
  const log = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY });
  const { createKeywarden } = await import('./app');
  const keywarden = await createKeywarden({ config, log });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing work in flight');
    await keywarden.stop();
    await tracing?.shutdown().catch(() => undefined);
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
