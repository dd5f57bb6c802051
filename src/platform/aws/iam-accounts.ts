import { GetAccessKeyInfoCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { LRUCache } from 'lru-cache';
import { KeywardenError } from '../../kernel/errors';
import type { Account } from '../../kernel/accounts';
import { readKey, resolveAmong } from '../../kernel/key-location';
import type { Outcome } from '../../kernel/outcome';
import type { Reachability } from '../../kernel/ports/organization';
import type { Caller, IamAccounts, ResolvedKey } from '../../kernel/ports/accounts';
import type { IamPort } from '../../kernel/ports/iam';
import type { KeyId } from '../../kernel/types';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics/metrics';
import { countAwsCalls } from '../metrics/aws-call-metrics';
import { SdkIam } from './iam-adapter';
import type { IAMClient } from '@aws-sdk/client-iam';
import { createIamClients, IamConnections, type IamClientOptions, type IamClients } from './iam-client';
import { askEachAccount, heldIn, type Holding } from './key-holders';
import { roleCredentials } from './role-credentials';

export interface AccountSettings {
  name: string;
  roleArn?: string;
  externalId?: string;
  /** Twelve digits; default the role ARN's account. */
  id?: string;
  /** A discovered account's place in the organization (Account.ous). */
  ous?: readonly string[];
}

export interface IamAccountsOptions extends IamClientOptions {
  pageSize?: number;
  /** AWS_ENDPOINT_URL_STS is honoured by the SDK; tests and the sandbox pass a stand-in here. */
  stsEndpoint?: string;
  log: Logger;
  /** (account, person) sessions kept; default 500. */
  maxSessions?: number;
  /** Every IAM and STS call is counted into it (keywarden_aws_calls_total, keywarden_aws_throttles_total). */
  metrics?: Metrics;
}

/**
 * The accounts where CloudTrail cannot tell people apart: reached without a role, every IAM call
 * there (CreateAccessKey and DeleteAccessKey included) runs as the bot's own credentials. A role in
 * the bot's own account fixes it (`roleArn` on that entry): each call then runs in a session named
 * for the person, with SourceIdentity set.
 */
export function accountsWithoutPersonInCloudTrail(accounts: readonly AccountSettings[]): string[] {
  return accounts.filter((account) => account.roleArn === undefined).map((account) => account.name);
}

/** (account, person) sessions kept: each holds up to two clients (made on first use) and cached credentials. */
const MAX_SESSIONS = 500;

interface Session {
  iam: SdkIam;
  clients: IamClients;
  /** The session's credentials (the role's, cached; or the bot's own), for other services in that account. */
  credentials: IamClientOptions['credentials'];
}

/**
 * The managed accounts through the AWS SDK. The account without a role ARN is the bot's own and
 * uses its credentials; every other account is reached by AssumeRole, in a session per (account,
 * person) whose credentials are cached (role-credentials.ts). Nothing is called at start-up: an
 * account that cannot be reached is said when it is used, and the bot serves the others.
 */
export class SdkIamAccounts implements IamAccounts {
  private accounts: Account[] = [];
  private settings = new Map<string, AccountSettings>();
  /** By account id (the bot's own by name): the last AssumeRole's outcome. */
  private readonly reached = new Map<string, Reachability>();
  private readonly sessions: LRUCache<string, Session>;
  private readonly sts: STSClient;
  /** Every session's IAM connections: one pool for the one endpoint. */
  private readonly connections = new IamConnections();
  private homeId: Promise<string | undefined> | undefined;

  constructor(
    settings: readonly AccountSettings[],
    private readonly options: IamAccountsOptions,
  ) {
    this.replace(settings);
    // A session dropped from the cache holds no connections of its own (they are `connections`'),
    // so a call still under way through it finishes, and the garbage collector does the rest.
    this.sessions = new LRUCache<string, Session>({ max: options.maxSessions ?? MAX_SESSIONS });
    this.sts = new STSClient({
      region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      credentials: options.credentials,
      maxAttempts: 3,
      ...(options.stsEndpoint ? { endpoint: options.stsEndpoint } : {}),
    });
    if (options.metrics) countAwsCalls(this.sts, options.metrics);
  }

  all(): readonly Account[] {
    return this.accounts;
  }

  /**
   * The managed set from now on (organization discovery replaces it on every refresh). Work under
   * way keeps the Account it holds; a session is keyed by the account's role, so a name that comes
   * to mean another account never reuses the old one's session.
   */
  replace(settings: readonly AccountSettings[]): void {
    const homeId = this.home()?.id;
    this.accounts = settings.map((account) => {
      const id = account.id ?? (account.roleArn ? accountIdOf(account.roleArn) : undefined);
      return {
        name: account.name,
        ...(id ? { id } : !account.roleArn && homeId ? { id: homeId } : {}),
        ...(account.ous ? { ous: account.ous } : {}),
        // The bot's own: its id comes from STS (or discovery, which asks STS) and may be missing when
        // STS cannot say, so records are always keyed by its name (stableAccountId).
        ...(!account.roleArn ? { own: true } : {}),
      };
    });
    this.settings = new Map(settings.map((account) => [account.name, account]));
  }

  /** A managed account by its name, or (USER@ACCOUNT) by its twelve-digit id. */
  byName(name: string): Account | undefined {
    if (/^\d{12}$/.test(name)) return this.accounts.find((account) => account.id === name);
    return this.accounts.find((account) => account.name === name.toLowerCase());
  }

  /** Whether the account's role could be assumed at the last try; undefined when none was made yet. */
  reachability(account: Account): Reachability | undefined {
    return this.reached.get(account.id ?? account.name);
  }

  iam(account: Account, caller: Caller): IamPort {
    return this.session(account, caller).iam;
  }

  /** The SDK clients of a session, for the whole-account scanners (src/platform/aws) the reports use. */
  clients(account: Account, caller: Caller): IamClients {
    return this.session(account, caller).clients;
  }

  /**
   * The credentials of a session in the account, as that caller: CloudTrail in a role account runs
   * in the same AssumeRole session (and cache) as IAM does.
   */
  credentials(account: Account, caller: Caller): IamClientOptions['credentials'] {
    return this.session(account, caller).credentials;
  }

  /**
   * The managed account with this id: a role account by its ARN's id, the bot's own by STS's
   * answer. Where STS cannot tell the bot its own id, the bot's own account is the candidate
   * (resolve then confirms the key is listed there); undefined for an account not managed.
   */
  async byId(accountId: string): Promise<Account | undefined> {
    const roleAccount = this.accounts.find(
      (account) => account.id === accountId && this.settings.get(account.name)?.roleArn,
    );
    if (roleAccount) return roleAccount;
    const home = this.home();
    if (!home) return undefined;
    const homeId = await this.homeAccountId();
    return homeId === undefined || homeId === accountId ? home : undefined;
  }

  /**
   * The managed accounts that hold a key: STS's GetAccessKeyInfo names one, or else an account
   * holds it only when the user its GetAccessKeyLastUsed names lists the key there. Empty when
   * none does; more than one only where IAM answers wrongly (resolve refuses it). Throws
   * (ACCOUNT_UNAVAILABLE, IAM_*) when it cannot tell: "not found" is only said when every account
   * could be asked.
   */
  async locate(keyId: KeyId, caller: Caller): Promise<readonly Account[]> {
    return (await this.holdings(keyId, caller)).map((holding) => holding.account);
  }

  /** The key, its account and owner: located as `locate` does, each account's reads made once. */
  resolve(keyId: KeyId, caller: Caller): Promise<Outcome<ResolvedKey>> {
    const confirmed = new Map<string, ResolvedKey>();
    return resolveAmong(
      keyId,
      async () =>
        (await this.holdings(keyId, caller)).map((holding) => {
          if (holding.read) confirmed.set(holding.account.name, holding.read);
          return holding.account;
        }),
      // Where confirming the account already read the key, that reading is the answer.
      async (account) => confirmed.get(account.name) ?? readKey(this.iam(account, caller), account, keyId),
    );
  }

  private async holdings(keyId: KeyId, caller: Caller): Promise<readonly Holding[]> {
    if (this.accounts.length === 1) return this.accounts.map((account) => ({ account }));
    // STS names the account that issued the key: that is the answer, nothing to confirm.
    const owner = await this.accountIdOfKey(keyId);
    if (owner === undefined) {
      return askEachAccount(this.accounts, keyId, (account) => this.iam(account, caller), this.options.log);
    }
    const roleAccount = this.accounts.find((account) => account.id === owner);
    if (roleAccount) return [{ account: roleAccount }];
    const home = this.home();
    if (!home) return [];
    const homeId = await this.homeAccountId();
    if (homeId === owner) return [{ account: home }];
    // STS could not tell the bot its own account id: the home account itself is asked.
    if (homeId === undefined) {
      const read = await heldIn(home, this.iam(home, caller), keyId);
      if (read) return [{ account: home, read }];
    }
    // A key of an account Keywarden does not manage.
    return [];
  }

  /** The home account's id, from STS, once; undefined when STS cannot say (the account still works). */
  homeAccountId(): Promise<string | undefined> {
    this.homeId ??= this.sts.send(new GetCallerIdentityCommand({})).then(
      (answer) => {
        const home = this.home();
        if (home && answer.Account) home.id = answer.Account;
        return answer.Account;
      },
      (error: unknown) => {
        this.options.log.warn({ err: error }, "the bot's own account id could not be read from STS");
        this.homeId = undefined;
        return undefined;
      },
    );
    return this.homeId;
  }

  close(): void {
    this.sessions.clear();
    this.connections.close();
    this.sts.destroy();
  }

  private home(): Account | undefined {
    return this.accounts.find((account) => this.settings.get(account.name)?.roleArn === undefined);
  }

  private session(account: Account, caller: Caller): Session {
    const settings = this.settings.get(account.name);
    if (!settings) throw new KeywardenError('ACCOUNT_UNAVAILABLE', `account ${account.name} is not managed`);
    // The bot's own account has one session: its own credentials, whoever asks.
    const key = settings.roleArn
      ? `${settings.roleArn}\u0000${settings.externalId ?? ''}\u0000${account.name}\u0000${caller}`
      : account.name;
    const cached = this.sessions.get(key);
    if (cached) return cached;
    const {
      log: _log,
      stsEndpoint: _stsEndpoint,
      pageSize,
      maxSessions: _maxSessions,
      metrics,
      ...clientOptions
    } = this.options;
    const credentials = settings.roleArn
      ? roleCredentials({
          accountName: account.name,
          roleArn: settings.roleArn,
          externalId: settings.externalId,
          sourceIdentity: caller === 'system' ? 'keywarden' : caller,
          // Every session asks through the one STS client (counted, the bot's own credentials).
          sts: this.sts,
        })
      : this.options.credentials;
    // A role account's AssumeRole outcomes are kept for /keys accounts (reachable, or why not).
    const reached = settings.roleArn
      ? this.recordingReach(account, credentials as ReturnType<typeof roleCredentials>)
      : credentials;
    const clients = createIamClients({
      ...clientOptions,
      credentials: reached,
      connections: this.connections,
      ...(metrics ? { onClient: (client: IAMClient) => countAwsCalls(client, metrics) } : {}),
    });
    const session = { clients, iam: new SdkIam(clients, { pageSize }), credentials: reached };
    this.sessions.set(key, session);
    // Answers name each account with its id; the bot's own account's id only STS can say. Asked
    // once, alongside the first work there, not at start-up; until it answers, answers say the name.
    if (!settings.roleArn && this.accounts.length > 1) void this.homeAccountId();
    return session;
  }

  /** The provider, telling `reachability` each AssumeRole's outcome (cached credentials are not a try). */
  private recordingReach(
    account: Account,
    provider: ReturnType<typeof roleCredentials>,
  ): ReturnType<typeof roleCredentials> {
    const key = account.id ?? account.name;
    return async () => {
      try {
        const credentials = await provider();
        this.reached.set(key, { at: new Date(), reachable: true });
        return credentials;
      } catch (error) {
        const why = error instanceof Error ? error.message.replace(/^account [^:]+: /, '') : String(error);
        this.reached.set(key, { at: new Date(), reachable: false, why });
        throw error;
      }
    };
  }

  /** STS names the account of any key id in one call; undefined where STS does not answer it. */
  private async accountIdOfKey(keyId: KeyId): Promise<string | undefined> {
    try {
      return (await this.sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: keyId }))).Account;
    } catch (error) {
      // Not every STS (emulators) has GetAccessKeyInfo, and it may be denied: ask the accounts.
      this.options.log.debug({ err: error }, 'GetAccessKeyInfo unavailable; asking each account');
      return undefined;
    }
  }
}

export function accountIdOf(roleArn: string): string {
  return roleArn.split(':')[4] as string;
}
