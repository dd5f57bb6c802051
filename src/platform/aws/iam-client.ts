import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';

/**
 * Without timeouts a hung connection would hold a person's answer (and a drain) forever. The
 * request timeout only warns unless told to throw, and a warning leaves the call waiting.
 */
export const IAM_TIMEOUTS = { connectionMs: 3_000, requestMs: 10_000 };

export interface IamClients {
  /** The SDK's standard retry strategy: for reads and for idempotent writes. */
  standard: IAMClient;
  /**
   * One attempt, never retried: for CreateAccessKey, where a retry after a lost response makes a
   * second key whose secret nobody sees, and where the SDK retries LimitExceeded as throttling.
   */
  singleAttempt: IAMClient;
}

export interface IamClientOptions {
  /** Tests and the sandbox point at a local IAM server; production leaves these to the SDK. */
  endpoint?: string;
  credentials?: IAMClientConfig['credentials'];
  /** Default IAM_TIMEOUTS; tests shorten them. */
  timeouts?: { connectionMs?: number; requestMs?: number };
}

/** Region, credentials and AWS_ENDPOINT_URL_IAM come from the environment, as the SDK reads them. */
export function createIamClients({ timeouts, ...options }: IamClientOptions = {}): IamClients {
  // IAM is a global service; any region signs correctly, us-east-1 is where it lives.
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const requestHandler = {
    connectionTimeout: timeouts?.connectionMs ?? IAM_TIMEOUTS.connectionMs,
    requestTimeout: timeouts?.requestMs ?? IAM_TIMEOUTS.requestMs,
    throwOnRequestTimeout: true,
  };
  // cacheMiddleware: the SDK resolves (copies and sorts) the whole middleware stack on every send
  // unless told to keep one handler per command class; that was about a fifth of what an IAM call
  // allocated, and `/keys list` makes one call per key. A command that adds middleware of its own
  // must be sent with an options argument, which bypasses the cache (getCredentialReport does).
  const shared = { region, requestHandler, cacheMiddleware: true, ...options };
  return {
    standard: new IAMClient({ ...shared, retryMode: 'standard', maxAttempts: 3 }),
    singleAttempt: new IAMClient({ ...shared, maxAttempts: 1 }),
  };
}
