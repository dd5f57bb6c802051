import { GetAccessKeyInfoCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { LRUCache } from 'lru-cache';
import { KeywardenError } from '../../kernel/errors';
import type { Account } from '../../kernel/accounts';
import { mapConcurrent } from '../../kernel/map-concurrent';
import type { Caller, IamAccounts } from '../../kernel/ports/accounts';
import type { IamPort } from '../../kernel/ports/iam';
import type { KeyId } from '../../kernel/types';
import type { Logger } from '../logger';
import { SdkIam } from './iam-adapter';
import { createIamClients, type IamClientOptions, type IamClients } from './iam-client';
import { accountUnavailable, roleCredentials } from './role-credentials';

export interface AccountSettings {
  name: string;
  roleArn?: string;
  externalId?: string;
}

export interface IamAccountsOptions extends IamClientOptions {
  pageSize?: number;
  /** AWS_ENDPOINT_URL_STS is honoured by the SDK; tests and the sandbox pass a stand-in here. */
  stsEndpoint?: string;
  log: Logger;
  /** (account, person) sessions kept; default 500. */
  maxSessions?: number;
}

/** Accounts asked at once when STS cannot say which account holds a key. */
const LOCATE_CONCURRENCY = 4;
/** (account, person) sessions kept: each holds two clients and cached credentials. */
const MAX_SESSIONS = 500;
/**
 * How long an evicted session's clients live on: a call made through them just before (a
 * CreateAccessKey, a credential report polled for two minutes) finishes on its own sockets,
 * instead of losing them mid-answer, which for CreateAccessKey would leave its outcome unknown.
 */
const EVICTED_CLIENTS_LINGER_MS = 15 * 60_000;

interface Session {
  iam: SdkIam;
  clients: IamClients;
}

/**
 * The managed accounts through the AWS SDK. The account without a role ARN is the bot's own and
 * uses its credentials; every other account is reached by AssumeRole, in a session per (account,
 * person) whose credentials are cached (role-credentials.ts). Nothing is called at start-up: an
 * account that cannot be reached is said when it is used, and the bot serves the others.
 */
export class SdkIamAccounts implements IamAccounts {
  private readonly accounts: Account[];
  private readonly settings = new Map<string, AccountSettings>();
  private readonly sessions: LRUCache<string, Session>;
  private readonly sts: STSClient;
  private homeId: Promise<string | undefined> | undefined;

  constructor(
    settings: readonly AccountSettings[],
    private readonly options: IamAccountsOptions,
  ) {
    this.accounts = settings.map((account) => ({
      name: account.name,
      ...(account.roleArn ? { id: accountIdOf(account.roleArn) } : {}),
    }));
    for (const account of settings) this.settings.set(account.name, account);
    this.sessions = new LRUCache<string, Session>({
      max: options.maxSessions ?? MAX_SESSIONS,
      dispose: (session, _key, reason) => {
        const destroy = () => {
          session.clients.standard.destroy();
          session.clients.singleAttempt.destroy();
        };
        // Closing (reason 'delete', after the drain): at once. Evicted by newer sessions: later.
        if (reason === 'evict') setTimeout(destroy, EVICTED_CLIENTS_LINGER_MS).unref();
        else destroy();
      },
    });
    this.sts = new STSClient({
      region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      credentials: options.credentials,
      maxAttempts: 3,
      ...(options.stsEndpoint ? { endpoint: options.stsEndpoint } : {}),
    });
  }

  all(): readonly Account[] {
    return this.accounts;
  }

  byName(name: string): Account | undefined {
    return this.accounts.find((account) => account.name === name.toLowerCase());
  }

  iam(account: Account, caller: Caller): IamPort {
    return this.session(account, caller).iam;
  }

  /** The SDK clients of a session, for the whole-account scanners (src/platform/aws) the reports use. */
  clients(account: Account, caller: Caller): IamClients {
    return this.session(account, caller).clients;
  }

  async locate(keyId: KeyId, caller: Caller): Promise<readonly Account[]> {
    if (this.accounts.length === 1) return this.accounts;
    // STS names the account that issued the key: that is the answer, nothing to confirm.
    const owner = await this.accountIdOfKey(keyId);
    if (owner === undefined) return this.askEach(keyId, caller);
    const roleAccount = this.accounts.find((account) => account.id === owner);
    if (roleAccount) return [roleAccount];
    const home = this.home();
    if (!home) return [];
    const homeId = await this.homeAccountId();
    if (homeId === owner) return [home];
    // STS could not tell the bot its own account id: the home account itself is asked.
    if (homeId === undefined && (await this.holds(home, keyId, caller))) return [home];
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
    this.sts.destroy();
  }

  private home(): Account | undefined {
    return this.accounts.find((account) => this.settings.get(account.name)?.roleArn === undefined);
  }

  private session(account: Account, caller: Caller): Session {
    const settings = this.settings.get(account.name);
    if (!settings) throw new KeywardenError('ACCOUNT_UNAVAILABLE', `account ${account.name} is not managed`);
    // The bot's own account has one session: its own credentials, whoever asks.
    const key = settings.roleArn ? `${account.name}\u0000${caller}` : account.name;
    const cached = this.sessions.get(key);
    if (cached) return cached;
    const { log: _log, stsEndpoint, pageSize, maxSessions: _maxSessions, ...clientOptions } = this.options;
    const credentials = settings.roleArn
      ? roleCredentials({
          accountName: account.name,
          roleArn: settings.roleArn,
          externalId: settings.externalId,
          sourceIdentity: caller === 'system' ? 'keywarden' : caller,
          baseCredentials: this.options.credentials as never,
          region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
          stsEndpoint,
        })
      : this.options.credentials;
    const clients = createIamClients({ ...clientOptions, credentials });
    const session = { clients, iam: new SdkIam(clients, { pageSize }) };
    this.sessions.set(key, session);
    // Answers name each account with its id; the bot's own account's id only STS can say. Asked
    // once, alongside the first work there, not at start-up; until it answers, answers say the name.
    if (!settings.roleArn && this.accounts.length > 1) void this.homeAccountId();
    return session;
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

  /** Every account is asked whether it holds the key (see holds); those that confirm are the answer. */
  private async askEach(keyId: KeyId, caller: Caller): Promise<readonly Account[]> {
    const unreachable: string[] = [];
    const found = await mapConcurrent([...this.accounts], LOCATE_CONCURRENCY, async (account) => {
      try {
        return (await this.holds(account, keyId, caller)) ? account : undefined;
      } catch (error) {
        unreachable.push(account.name);
        if (!(error instanceof KeywardenError)) throw accountUnavailable(account.name, error);
        return undefined;
      }
    });
    const holders = found.filter((account): account is Account => account !== undefined);
    if (holders.length > 1) {
      this.options.log.warn(
        { keyId, accounts: holders.map((account) => account.name) },
        "more than one account lists the key as its user's",
      );
    }
    if (holders.length > 0) return holders;
    if (unreachable.length > 0) {
      throw new KeywardenError(
        'ACCOUNT_UNAVAILABLE',
        `the key could not be looked for in ${unreachable.sort().join(', ')}`,
      );
    }
    return [];
  }

  /**
   * Whether the account holds the key: the user its GetAccessKeyLastUsed names lists the key
   * there. The answer alone is not enough: some IAM implementations give it for a key of another
   * account, with that account's user name, which may name a user this account has too.
   */
  private async holds(account: Account, keyId: KeyId, caller: Caller): Promise<boolean> {
    const iam = this.iam(account, caller);
    let owner;
    try {
      owner = (await iam.lastUse(keyId)).owner;
    } catch (error) {
      // A key of another account reads as "no such key" or "not yours" there.
      if (hasCode(error, 'IAM_NOT_FOUND') || hasCode(error, 'IAM_ACCESS_DENIED')) return false;
      throw error;
    }
    try {
      return (await iam.listKeys(owner)).some((key) => key.keyId === keyId);
    } catch (error) {
      // The named user is not one of this account's. A refused listing is not a "no": it throws,
      // and the account counts as not asked.
      if (hasCode(error, 'IAM_NOT_FOUND')) return false;
      throw error;
    }
  }
}

function hasCode(error: unknown, code: KeywardenError['code']): boolean {
  return error instanceof KeywardenError && error.code === code;
}

function accountIdOf(roleArn: string): string {
  return roleArn.split(':')[4] as string;
}
