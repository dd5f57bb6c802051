import { type Caller, callerArn, type CredentialRegistry } from '../iam/credential-registry';
import { newRoleId, newSecretAccessKey, newSessionAccessKeyId, newSessionToken, newUserId } from '../iam/ids';
import { accessKeyId } from '../iam/params';
import type { Params } from '../query-api/http';
import { isoDate, type XmlElement } from '../query-api/xml';
import { notAuthorizedToAssume, StsError } from './errors';
import { assumeRoleParams, DEFAULT_DURATION_SECONDS } from './params';
import { parseRoleArn, type StsRole, trustAllows } from './roles';

export interface StsContext {
  caller: Caller;
  registry: CredentialRegistry;
  roles: ReadonlyMap<string, StsRole>;
  /** The account holding a key that is not in the registry: an IAM user's key, from the IAM stand-in. */
  accountOfKey: (accessKeyId: string) => string | undefined;
  /** What GetAccessKeyInfo answers for a key no account here holds (real STS answers any key). */
  foreignAccountId: string;
  /** Principal ARN -> its unique id (AROA... for roles, AIDA... for users), stable for the server's life. */
  principalIds: Map<string, string>;
  /** Set by AssumeRole once it has issued a key, so the call log has it even if the answer is lost. */
  issued?: string;
}

function principalId(context: StsContext, arn: string): string {
  let id = context.principalIds.get(arn);
  if (!id) {
    id = arn.includes(':role/') ? newRoleId() : newUserId();
    context.principalIds.set(arn, id);
  }
  return id;
}

export type StsHandler = (params: Params, context: StsContext) => XmlElement;

// Role chaining: AWS caps a session assumed with role credentials at one hour, whatever the role allows.
const CHAINED_MAX_SECONDS = 3600;

const assumeRole: StsHandler = (params, context) => {
  const { caller, registry } = context;
  const request = assumeRoleParams(params);
  const role = context.roles.get(request.roleArn);
  const parsed = parseRoleArn(request.roleArn);
  // A source identity, once set, stays with every session chained from it.
  const inherited = caller.kind === 'assumed-role' ? caller.sourceIdentity : undefined;
  if (
    inherited !== undefined &&
    request.sourceIdentity !== undefined &&
    request.sourceIdentity !== inherited
  ) {
    throw notAuthorizedToAssume(callerArn(caller), request.roleArn);
  }
  const sourceIdentity = request.sourceIdentity ?? inherited;
  if (!role || !parsed || !trustAllows(role, caller, { externalId: request.externalId, sourceIdentity })) {
    throw notAuthorizedToAssume(callerArn(caller), request.roleArn);
  }
  const maxSeconds = role.maxSessionSeconds ?? DEFAULT_DURATION_SECONDS;
  if (request.durationSeconds > maxSeconds) {
    throw new StsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  if (caller.kind === 'assumed-role' && request.durationSeconds > CHAINED_MAX_SECONDS) {
    throw new StsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  const accountId = role.accountId ?? parsed.accountId;
  const assumedRoleArn = `arn:aws:sts::${accountId}:assumed-role/${parsed.roleName}/${request.roleSessionName}`;
  const credential = {
    accessKeyId: newSessionAccessKeyId(),
    secretAccessKey: newSecretAccessKey(),
    sessionToken: newSessionToken(),
    accountId,
    roleArn: request.roleArn,
    assumedRoleArn,
    roleSessionName: request.roleSessionName,
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    // Whole seconds, as the answer carries them, so the SDK's idea of expiry and the registry's agree.
    expiresAt: new Date(Math.floor(registry.now().getTime() / 1000) * 1000 + request.durationSeconds * 1000),
  };
  registry.register(credential);
  context.issued = credential.accessKeyId;
  return {
    Credentials: {
      AccessKeyId: credential.accessKeyId,
      SecretAccessKey: credential.secretAccessKey,
      SessionToken: credential.sessionToken,
      Expiration: isoDate(credential.expiresAt),
    },
    AssumedRoleUser: {
      Arn: assumedRoleArn,
      AssumedRoleId: `${principalId(context, request.roleArn)}:${request.roleSessionName}`,
    },
    ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
  };
};

const getAccessKeyInfo: StsHandler = (params, context) => {
  const id = accessKeyId(params);
  const account = context.registry.accountOf(id) ?? context.accountOfKey(id) ?? context.foreignAccountId;
  return { Account: account };
};

const getCallerIdentity: StsHandler = (_params, context) => {
  const { caller } = context;
  const userId =
    caller.kind === 'assumed-role'
      ? `${principalId(context, caller.roleArn)}:${caller.roleSessionName}`
      : principalId(context, callerArn(caller));
  return { Arn: callerArn(caller), UserId: userId, Account: caller.accountId };
};

export const STS_ACTIONS: ReadonlyMap<string, StsHandler> = new Map([
  ['AssumeRole', assumeRole],
  ['GetAccessKeyInfo', getAccessKeyInfo],
  ['GetCallerIdentity', getCallerIdentity],
]);
