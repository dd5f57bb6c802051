import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { WebClient } from '@slack/web-api';
import { callerIdentityCheck, type CallerIdentityCheckOptions } from '../aws/caller-identity-check';
import { boltLogger } from '../bolt/bolt-logger';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { SAFE_CLIENT_OPTIONS } from '../slack/web-client-options';
import { probeStore } from '../store/store-probe';
import type { Dependencies } from './readiness';
import {
  READINESS_TIMEOUT_MS,
  ReadinessChecks,
  type DependencyCheck,
  type ReadinessCheckOptions,
} from './readiness-checks';

/** The store answers when a GetItem on its table does (a missing item is an answer). */
export function storeCheck(store: { doc: DynamoDBDocumentClient; tableName: string }): DependencyCheck {
  return {
    name: 'store',
    probe: 'GetItem',
    run: (signal) => probeStore(store, signal),
  };
}

/**
 * Slack answers auth.test with the bot token (HTTP mode; in Socket Mode the connection itself says
 * it, socket-connection.ts). Its own client: no retries (the next check is the retry) and a short
 * timeout, so a check never queues behind people's calls, nor they behind it.
 */
export function slackAuthCheck(
  slack: Pick<Config['slack'], 'botToken' | 'apiUrl'>,
  log: Logger,
  timeoutMs: number,
): DependencyCheck {
  const client = new WebClient(slack.botToken, {
    ...SAFE_CLIENT_OPTIONS,
    slackApiUrl: slack.apiUrl,
    logger: boltLogger(log),
    retryConfig: { retries: 0 },
    timeout: timeoutMs,
  });
  return {
    name: 'slack',
    probe: 'auth.test',
    async run() {
      await client.auth.test();
    },
  };
}

/**
 * The background checks /readyz reads: the store, the base AWS credentials, and in HTTP mode Slack's
 * auth.test (in Socket Mode the open connection is Slack's answer, reported as it changes).
 */
export function createReadinessChecks(options: {
  mode: 'http' | 'socket';
  slack: Pick<Config['slack'], 'botToken' | 'apiUrl'>;
  store: { doc: DynamoDBDocumentClient; tableName: string };
  aws: Omit<CallerIdentityCheckOptions, 'timeoutMs'>;
  dependencies: Dependencies;
  log: Logger;
  settings?: ReadinessCheckOptions;
}): { start(): void; stop(): void } {
  const timeoutMs = options.settings?.timeoutMs ?? READINESS_TIMEOUT_MS;
  const aws = callerIdentityCheck({ ...options.aws, timeoutMs });
  const checks: DependencyCheck[] = [
    storeCheck(options.store),
    { name: 'aws', probe: 'GetCallerIdentity', run: aws.run },
  ];
  if (options.mode === 'http') checks.push(slackAuthCheck(options.slack, options.log, timeoutMs));
  options.dependencies.logTo(options.log);
  const runner = new ReadinessChecks(options.dependencies, checks, options.log, options.settings);
  return {
    start: () => runner.start(),
    stop: () => {
      runner.stop();
      aws.close();
    },
  };
}
