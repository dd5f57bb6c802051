import { GetCallerIdentityCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';

export interface CallerIdentityCheckOptions {
  /** The bot's own credentials; unset, the SDK's default chain, as every other client of the bot. */
  credentials?: STSClientConfig['credentials'];
  /** Unset, the SDK's own choice, which honours AWS_ENDPOINT_URL_STS; tests pass the stand-in here. */
  stsEndpoint?: string;
  /** Connection and request timeout of the one attempt. */
  timeoutMs: number;
}

/**
 * Are the bot's base AWS credentials valid? STS GetCallerIdentity needs no permission, so it fails
 * only when the credentials are missing, expired or revoked, or STS cannot be reached. One attempt:
 * the next check comes soon enough, and a readiness check must not pile up retries.
 */
export function callerIdentityCheck(options: CallerIdentityCheckOptions): {
  run(signal: AbortSignal): Promise<void>;
  close(): void;
} {
  const sts = new STSClient({
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    credentials: options.credentials,
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: options.timeoutMs,
      requestTimeout: options.timeoutMs,
      throwOnRequestTimeout: true,
    },
    ...(options.stsEndpoint ? { endpoint: options.stsEndpoint } : {}),
  });
  return {
    async run(signal) {
      await sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
    },
    close: () => sts.destroy(),
  };
}
