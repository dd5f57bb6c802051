import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';

/**
 * Without timeouts a hung connection would hold a person's answer (and a drain) forever. The
 * request timeout only warns unless told to throw, and a warning leaves the call waiting.
 */
export const IAM_TIMEOUTS = { connectionMs: 3_000, requestMs: 10_000 };

export interface IamClients {
  /** The SDK's standard retry strategy: for reads and for idempotent writes. */
  readonly standard: IAMClient;
  /**
   * One attempt, never retried: for CreateAccessKey, where a retry after a lost response makes a
   * second key whose secret nobody sees, and where the SDK retries LimitExceeded as throttling.
   */
  readonly singleAttempt: IAMClient;
}

/**
 * Connections to IAM, shared by every client that is given them: IAM is one endpoint for every
 * account, so 500 accounts' sessions need a few sockets, not one pool (and one TLS handshake) each.
 * A client's `destroy()` would end them for all; only their owner's `close()` does.
 */
export class IamConnections {
  // The SDK's own agents allow 50 sockets each; shared, the bound must cover every account scanned
  // at once (scanning.maxConcurrentAccounts, at most 64) and people's calls beside them.
  readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256 });
  readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256 });

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

export interface IamClientOptions {
  /** Tests and the sandbox point at a local IAM server; production leaves these to the SDK. */
  endpoint?: string;
  credentials?: IAMClientConfig['credentials'];
  /** Default IAM_TIMEOUTS; tests shorten them. */
  timeouts?: { connectionMs?: number; requestMs?: number };
  /**
   * Shared connections; absent, each client has its own. With them, never `destroy()` a client:
   * the SDK's destroy ends its agents, which here are everyone's.
   */
  connections?: IamConnections;
  /** Told of each client as it is made (the call counters). */
  onClient?: (client: IAMClient) => void;
}

/**
 * Region, credentials and AWS_ENDPOINT_URL_IAM come from the environment, as the SDK reads them.
 * Each client is made the first time it is asked for: a report's scan of an account needs only the
 * single-attempt one (bench/README.md, organization: the sessions of 500 accounts).
 */
export function createIamClients({
  timeouts,
  connections,
  onClient,
  ...options
}: IamClientOptions = {}): IamClients {
  // IAM is a global service; any region signs correctly, us-east-1 is where it lives.
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const requestHandler = {
    connectionTimeout: timeouts?.connectionMs ?? IAM_TIMEOUTS.connectionMs,
    requestTimeout: timeouts?.requestMs ?? IAM_TIMEOUTS.requestMs,
    throwOnRequestTimeout: true,
    ...(connections ? { httpAgent: connections.httpAgent, httpsAgent: connections.httpsAgent } : {}),
  };
  // cacheMiddleware: the SDK resolves (copies and sorts) the whole middleware stack on every send
  // unless told to keep one handler per command class; that was about a fifth of what an IAM call
  // allocated, and `/keys list` makes one call per key. A command that adds middleware of its own
  // must be sent with an options argument, which bypasses the cache (getCredentialReport does).
  const shared = { region, requestHandler, cacheMiddleware: true, ...options };
  const made = (config: IAMClientConfig) => () => {
    const client = new IAMClient({ ...shared, ...config });
    onClient?.(client);
    return client;
  };
  return lazyClients({
    standard: made({ retryMode: 'standard', maxAttempts: 3 }),
    singleAttempt: made({ maxAttempts: 1 }),
  });
}

function lazyClients(make: Record<keyof IamClients, () => IAMClient>): IamClients {
  let standard: IAMClient | undefined;
  let singleAttempt: IAMClient | undefined;
  return {
    get standard() {
      return (standard ??= make.standard());
    },
    get singleAttempt() {
      return (singleAttempt ??= make.singleAttempt());
    },
  };
}
