import type { Caller } from '../iam/credential-registry';

/** A role the STS stand-in can hand out sessions for: its trust policy, in the terms Keywarden uses. */
export interface StsRole {
  /** Default: the account in the role's ARN. */
  accountId?: string;
  /** The trust policy's `sts:ExternalId` condition: AssumeRole must name exactly this one. */
  externalId?: string;
  /** Who may assume it: account ids or principal ARNs (a role's ARN covers its sessions), or anyone. */
  trusts: readonly string[] | 'any';
  /** Whether the trust policy allows `sts:SetSourceIdentity`; default true. */
  allowSourceIdentity?: boolean;
  /** A `StringLike` condition on `sts:SourceIdentity`, e.g. `U*`; default none. */
  sourceIdentityLike?: string;
  /** The role's MaxSessionDuration in seconds; default 3600, as IAM's. */
  maxSessionSeconds?: number;
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,64})$/;

export function parseRoleArn(arn: string): { accountId: string; roleName: string } | undefined {
  const match = ROLE_ARN.exec(arn);
  return match?.[1] && match[2] ? { accountId: match[1], roleName: match[2] } : undefined;
}

/** IAM's StringLike: `*` any run, `?` one character, the rest literal. */
function like(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
}

export interface AssumeRequest {
  externalId: string | undefined;
  sourceIdentity: string | undefined;
}

/** Whether the trust policy lets this caller in with this request; every "no" is the same AccessDenied. */
export function trustAllows(role: StsRole, caller: Caller, request: AssumeRequest): boolean {
  const principals = caller.kind === 'assumed-role' ? [caller.roleArn, caller.assumedRoleArn] : [];
  if (caller.kind === 'base' && caller.arn) principals.push(caller.arn);
  const trusted =
    role.trusts === 'any' ||
    role.trusts.includes(caller.accountId) ||
    principals.some((arn) => role.trusts.includes(arn));
  if (!trusted) return false;
  if (role.externalId !== undefined && request.externalId !== role.externalId) return false;
  if (request.sourceIdentity !== undefined) {
    if (role.allowSourceIdentity === false) return false;
    if (role.sourceIdentityLike && !like(role.sourceIdentityLike, request.sourceIdentity)) return false;
  } else if (role.sourceIdentityLike) {
    // A condition on sts:SourceIdentity fails when the key is absent, as IAM evaluates StringLike.
    return false;
  }
  return true;
}
