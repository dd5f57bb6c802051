import type { SigningKey } from '../query-api/signing-key';

/** Long-term keys the stand-ins accept: the bot's own, which belong to its home account. */
export interface BaseCredential {
  accountId: string;
  /** The principal named in AccessDenied messages; default a user of that account (see callerArn). */
  arn?: string;
}

/** What the STS stand-in hands out and registers, so the IAM stand-in knows whose key signed a call. */
export interface TemporaryCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  accountId: string;
  roleArn: string;
  /** arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION, as AWS names the session. */
  assumedRoleArn: string;
  roleSessionName: string;
  sourceIdentity?: string;
  expiresAt: Date;
}

export type Caller =
  | { kind: 'base'; accessKeyId: string; accountId: string; arn?: string }
  | ({ kind: 'assumed-role' } & Omit<TemporaryCredential, 'secretAccessKey' | 'sessionToken'>);

/** The same codes and messages at IAM and STS: no signature, a key neither knows, a session past its expiry. */
export type CredentialRefusal = 'MissingAuthenticationToken' | 'InvalidClientTokenId' | 'ExpiredToken';

/** Whom AccessDenied names when a base credential gives no ARN: the IAM state's default caller. */
export const DEFAULT_BASE_USER = 'keywarden-bot';

/** The caller as AWS names it in messages and GetCallerIdentity. */
export function callerArn(caller: Caller): string {
  if (caller.kind === 'assumed-role') return caller.assumedRoleArn;
  return caller.arn ?? `arn:aws:iam::${caller.accountId}:user/${DEFAULT_BASE_USER}`;
}

export interface CredentialRegistryOptions {
  /** Access key id -> its account id, or the credential in full. */
  base?: Record<string, string | BaseCredential>;
  /**
   * Expiry is judged on this clock. Keep it real time (the default) where the SDK is involved: the SDK
   * refreshes credentials by comparing Expiration with its own clock.
   */
  now?: () => Date;
}

/**
 * The keys the IAM and STS stand-ins accept, and whose they are; one object shared by both, as AWS
 * shares one identity store between its services.
 */
export class CredentialRegistry {
  readonly now: () => Date;
  private readonly base = new Map<string, BaseCredential>();
  private readonly temporary = new Map<string, TemporaryCredential>();

  constructor(options: CredentialRegistryOptions = {}) {
    this.now = options.now ?? (() => new Date());
    for (const [id, credential] of Object.entries(options.base ?? {})) this.addBase(id, credential);
  }

  addBase(accessKeyId: string, credential: string | BaseCredential): void {
    this.base.set(
      accessKeyId,
      typeof credential === 'string' ? { accountId: credential } : { ...credential },
    );
  }

  register(credential: TemporaryCredential): void {
    this.temporary.set(credential.accessKeyId, { ...credential });
  }

  /** Temporary credentials issued so far, expired ones included, oldest first. */
  issued(): TemporaryCredential[] {
    return [...this.temporary.values()].map((credential) => ({ ...credential }));
  }

  /** The account that holds a key, expired or not: what GetAccessKeyInfo answers. */
  accountOf(accessKeyId: string): string | undefined {
    return this.base.get(accessKeyId)?.accountId ?? this.temporary.get(accessKeyId)?.accountId;
  }

  /**
   * A temporary key needs its own session token: real AWS refuses an ASIA key sent without it, which
   * is the mistake of a client that copies AccessKeyId and SecretAccessKey but drops SessionToken.
   */
  resolve(key: SigningKey | undefined): { caller: Caller } | { refused: CredentialRefusal } {
    if (!key) return { refused: 'MissingAuthenticationToken' };
    const base = this.base.get(key.accessKeyId);
    if (base) return { caller: { kind: 'base', accessKeyId: key.accessKeyId, ...base } };
    const temporary = this.temporary.get(key.accessKeyId);
    if (!temporary || temporary.sessionToken !== key.sessionToken) return { refused: 'InvalidClientTokenId' };
    if (this.now().getTime() >= temporary.expiresAt.getTime()) return { refused: 'ExpiredToken' };
    const { secretAccessKey: _secret, sessionToken: _token, ...rest } = temporary;
    return { caller: { kind: 'assumed-role', ...rest } };
  }
}
