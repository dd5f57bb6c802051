import { AssumeRoleCommand, type AssumeRoleCommandInput, type STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from '@smithy/types';
import { KeywardenError } from '../../kernel/errors';

/** Renew this long before a session expires: a call must never be signed with a dying session. */
export const RENEW_BEFORE_MS = 5 * 60_000;
const SESSION_SECONDS = 3600;

interface RoleSessionBase {
  accountName: string;
  roleArn: string;
  externalId?: string;
  /** A Slack user id, or `keywarden` for work nobody clicked: CloudTrail's name for the session. */
  sourceIdentity: string;
}

/**
 * AssumeRole through an STS client the caller keeps and shares between sessions (its credentials,
 * endpoint and call counters apply): 500 accounts' sessions, one client (bench/README.md, organization).
 */
export interface SharedStsSession extends RoleSessionBase {
  sts: STSClient;
}

/** AssumeRole through the SDK's own provider, which makes an STS client for this session alone. */
export interface OwnStsSession extends RoleSessionBase {
  /** The bot's own credentials (default: the SDK's chain), which assume the role. */
  baseCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  region: string;
  /** AWS_ENDPOINT_URL_STS is honoured by the SDK itself; tests pass the stand-in's URL. */
  stsEndpoint?: string;
  /** Plugins for the SDK's own AssumeRole client (the call counters); it applies them on every AssumeRole. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the STS client's own input and output types
  stsPlugins?: Pluggable<any, any>[];
}

export type RoleSession = SharedStsSession | OwnStsSession;

/**
 * Credentials for one (account, person): AssumeRole through the SDK's own provider, with the
 * account's ExternalId, RoleSessionName `keywarden-<who>` and SourceIdentity `<who>` (which
 * survives role chaining into CloudTrail). Cached until five minutes before they expire, and shared
 * by every client of that pair, so a person's session costs one AssumeRole, not one per call.
 * A failure is ACCOUNT_UNAVAILABLE, naming the account, and is not cached.
 */
export function roleCredentials(session: RoleSession): AwsCredentialIdentityProvider {
  const who = session.sourceIdentity;
  const params: AssumeRoleCommandInput = {
    RoleArn: session.roleArn,
    RoleSessionName: who === 'keywarden' ? 'keywarden' : `keywarden-${who}`,
    SourceIdentity: who,
    DurationSeconds: SESSION_SECONDS,
    ...(session.externalId ? { ExternalId: session.externalId } : {}),
  };
  const assume =
    'sts' in session
      ? () => assumeRoleThrough(session.sts, params)
      : fromTemporaryCredentials({
          params,
          masterCredentials: session.baseCredentials,
          clientConfig: {
            region: session.region,
            maxAttempts: 3,
            ...(session.stsEndpoint ? { endpoint: session.stsEndpoint } : {}),
          },
          ...(session.stsPlugins ? { clientPlugins: session.stsPlugins } : {}),
        });
  // Hand-written because the SDK's memoize lives in a package this project does not depend on,
  // and the rule is small: reuse until RENEW_BEFORE_MS before expiry, never cache a failure.
  let current: Promise<AwsCredentialIdentity> | undefined;
  let expiresAt = 0;
  return async () => {
    if (current && Date.now() < expiresAt - RENEW_BEFORE_MS) return current;
    const pending = assume().then(
      (credentials) => {
        expiresAt = credentials.expiration?.getTime() ?? Date.now() + SESSION_SECONDS * 1000;
        return credentials;
      },
      (error: unknown) => {
        current = undefined;
        throw accountUnavailable(session.accountName, error);
      },
    );
    current = pending;
    expiresAt = Number.MAX_SAFE_INTEGER; // concurrent callers share the pending AssumeRole
    return pending;
  };
}

/** AssumeRole through a client the caller keeps; the answer as the SDK's own provider gives it. */
async function assumeRoleThrough(
  sts: STSClient,
  params: AssumeRoleCommandInput,
): Promise<AwsCredentialIdentity> {
  const { Credentials: credentials } = await sts.send(new AssumeRoleCommand(params));
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
    throw new Error(`STS AssumeRole for ${params.RoleArn} gave no credentials`);
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
    ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
  };
}

export function accountUnavailable(accountName: string, error: unknown): KeywardenError {
  const name = (error as { name?: string } | undefined)?.name ?? 'network error';
  const why =
    name === 'AccessDenied' || name === 'AccessDeniedException'
      ? 'the role cannot be assumed (access denied: check its trust policy and ExternalId)'
      : name === 'Throttling'
        ? 'STS kept throttling AssumeRole'
        : name === 'RegionDisabledException'
          ? 'STS is not enabled in this region'
          : `STS could not be reached (${name})`;
  return new KeywardenError('ACCOUNT_UNAVAILABLE', `account ${accountName}: ${why}`, { cause: error });
}
