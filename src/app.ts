import { Access } from './access/access';
import { createIamClients, type IamClientOptions } from './aws/iam-client';
import { SdkIam } from './aws/iam-adapter';
import type { Config } from './config';
import { KeyQueries } from './keys/key-queries';
import { systemClock, type Clock } from './keys/types';
import type { Logger } from './logger';
import { createBoltApp, type BoltApp } from './slack/bolt-app';
import { InFlight } from './slack/in-flight';
import { registerCommands } from './slack/listeners/commands';
import { Readiness } from './slack/readiness';
import { WebApiDirectory } from './slack/slack-directory';

export interface KeywardenOptions {
  config: Config;
  log: Logger;
  /** Tests and the sandbox point IAM at a local server; production leaves it to the SDK's own settings. */
  iam?: IamClientOptions;
  clock?: Clock;
}

export interface Keywarden {
  bolt: BoltApp;
  readiness: Readiness;
  inFlight: InFlight;
  /** Resolves with the bound HTTP port (HTTP mode). */
  start(): Promise<number | undefined>;
  /** Stops taking work, waits for work in flight (up to drainMs), then releases everything. */
  stop(drainMs?: number): Promise<void>;
}

/** The composition root: every piece is built once, here, and handed to what needs it. */
export async function createKeywarden({ config, log, iam, clock = systemClock }: KeywardenOptions): Promise<Keywarden> {
  const readiness = new Readiness();
  const inFlight = new InFlight();
  const bolt = await createBoltApp({ slack: config.slack, port: config.port, log, readiness });

  const access = new Access(config.policy, new WebApiDirectory(bolt.app.client), log);
  const keysIam = new SdkIam(createIamClients(iam));
  const queries = new KeyQueries(keysIam);

  bolt.app.use(async ({ next }) => {
    await inFlight.track(next);
  });
  registerCommands(bolt.app, { access, queries, clock, log });
  bolt.app.error(async (error) => {
    log.error({ err: error, code: (error as { code?: string }).code }, 'unhandled error in a Slack listener');
  });

  return {
    bolt,
    readiness,
    inFlight,
    async start() {
      const port = await bolt.start();
      readiness.state = 'ready';
      log.info({ mode: bolt.mode, port }, 'keywarden is ready');
      return port;
    },
    async stop(drainMs = 25_000) {
      readiness.state = 'draining';
      await bolt.stop();
      const drained = await inFlight.drain(drainMs);
      if (!drained) log.warn({ inFlight: inFlight.count }, 'stopped with work still in flight');
    },
  };
}
