import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from '@smithy/types';
import { roleCredentials } from '../role-credentials';

export interface OrganizationsClientOptions {
  /**
   * Tests and the sandbox point at a stand-in. Unset, AWS_ENDPOINT_URL_ORGANIZATIONS is honoured by the
   * SDK as it is (the client's serviceId is "Organizations"; @smithy/core reads AWS_ENDPOINT_URL_<ID>).
   */
  endpoint?: string;
  /** The bot's own credentials (default: the SDK's chain). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** organization.managementRoleArn: the organization is read in this role, assumed with the bot's own credentials. */
  managementRoleArn?: string;
  stsEndpoint?: string;
  /** Organizations' throttle is per account and tight: the SDK's standard strategy, a few more attempts. */
  maxAttempts?: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the clients' own input and output types
  plugins?: Pluggable<any, any>[];
}

/** Organizations is global: it lives in us-east-1 whatever region the bot runs in. */
const ORGANIZATIONS_REGION = 'us-east-1';

/**
 * The client discovery reads the organization with: in the management account (or a delegated
 * administrator) by AssumeRole where managementRoleArn is set, else as the bot itself. Throttling
 * (TooManyRequestsException) and 5xx are retried by the SDK's standard strategy with backoff.
 */
export function createOrganizationsClient(options: OrganizationsClientOptions): OrganizationsClient {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? ORGANIZATIONS_REGION;
  const credentials = options.managementRoleArn
    ? roleCredentials({
        accountName: 'organization',
        roleArn: options.managementRoleArn,
        sourceIdentity: 'keywarden',
        baseCredentials: options.credentials,
        region,
        stsEndpoint: options.stsEndpoint,
        ...(options.plugins ? { stsPlugins: options.plugins } : {}),
      })
    : options.credentials;
  const client = new OrganizationsClient({
    region: ORGANIZATIONS_REGION,
    retryMode: 'standard',
    maxAttempts: options.maxAttempts ?? 5,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000, throwOnRequestTimeout: true },
    ...(credentials ? { credentials } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  for (const plugin of options.plugins ?? []) client.middlewareStack.use(plugin);
  return client;
}
