import { keyQuotaExceeded, noSuchKey, noSuchUser } from './errors';
import { newAccessKeyId, newSecretAccessKey, newUserId } from './ids';
import {
  type AttachedPolicy,
  type StoredGroup,
  UserPermissions,
  type UserPermissionsJson,
} from './permissions';

export interface KeyLastUse {
  date: Date;
  serviceName: string;
  region: string;
}

export interface SeedKey {
  accessKeyId?: string;
  status?: 'Active' | 'Inactive';
  createDate?: Date;
  lastUsed?: KeyLastUse;
}

export interface StoredKey {
  userName: string;
  accessKeyId: string;
  secretAccessKey: string;
  status: 'Active' | 'Inactive';
  createDate: Date;
  lastUsed?: KeyLastUse;
}

export interface StoredUser {
  userName: string;
  userId: string;
  arn: string;
  path: string;
  createDate: Date;
  passwordEnabled: boolean;
}

export interface AddUserOptions {
  createDate?: Date;
  path?: string;
  passwordEnabled?: boolean;
  /** Only for deterministic seeding; otherwise a random AIDA... id. */
  userId?: string;
}

export interface IamStateOptions {
  now?: () => Date;
  /** The IAM user the SDK's credentials belong to, which IAM acts on when a request names no UserName. */
  callerUserName?: string;
  /** Default ACCOUNT_ID; give each account of a multi-account server its own. */
  accountId?: string;
}

/** The persisted form; dates as ISO strings. */
export interface IamStateJson {
  version: 1;
  /** Absent in files written before accounts: ACCOUNT_ID. */
  accountId?: string;
  callerUserName: string;
  users: Array<
    {
      userName: string;
      userId: string;
      path: string;
      createDate: string;
      passwordEnabled: boolean;
      keys: Array<{
        accessKeyId: string;
        secretAccessKey: string;
        status: 'Active' | 'Inactive';
        createDate: string;
        lastUsed?: { date: string; serviceName: string; region: string };
      }>;
    } & UserPermissionsJson
  >;
  issuedSecrets: string[];
}

export const ACCOUNT_ID = '123456789012';
export const ACCESS_KEYS_PER_USER = 2;
const USER_NAME = /^[\w+=,.@-]{1,64}$/;
const USER_PATH = /^\/([\x21-\x7e]*\/)?$/;
const ACCOUNT = /^\d{12}$/;

/** IAM keeps whole seconds; truncating here keeps the wire, the report and the model in agreement. */
export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function copyKey(key: StoredKey): StoredKey {
  return { ...key, ...(key.lastUsed ? { lastUsed: { ...key.lastUsed } } : {}) };
}

function byCreation(a: StoredKey, b: StoredKey): number {
  return a.createDate.getTime() - b.createDate.getTime() || (a.accessKeyId < b.accessKeyId ? -1 : 1);
}

/**
 * The account behind the sandbox IAM server. Tests and the demo seed it directly; the server mutates it
 * through the same methods, so the rules (user must exist, two keys a user) hold for both.
 *
 * The caller's own user is not created for you: with it absent, a request without UserName gets IAM's
 * answer for role credentials (ValidationError); `addUser(callerUserName)` models user credentials.
 */
export class IamState {
  readonly accountId: string;
  readonly callerUserName: string;
  readonly now: () => Date;
  /** Keyed by the lower-cased name: IAM user names are unique regardless of case, and IAM finds
   * `ALICE` when asked for alice, answering with the name as it was created. */
  private readonly users = new Map<string, { user: StoredUser; keys: StoredKey[] }>();
  private readonly keysById = new Map<string, StoredKey>();
  private readonly secrets: string[] = [];
  private sortedNames: string[] | undefined;
  private readonly permissions: UserPermissions;

  constructor(options: IamStateOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.callerUserName = options.callerUserName ?? 'keywarden-bot';
    this.accountId = options.accountId ?? ACCOUNT_ID;
    if (!ACCOUNT.test(this.accountId))
      throw new Error(`Invalid AWS account id: ${JSON.stringify(this.accountId)}`);
    this.permissions = new UserPermissions(this.accountId, this.now);
  }

  /** Idempotent: adding an existing user changes nothing, whatever the options. */
  addUser(userName: string, options: AddUserOptions = {}): void {
    if (this.users.has(userName.toLowerCase())) return;
    if (!USER_NAME.test(userName)) throw new Error(`Invalid IAM user name: ${JSON.stringify(userName)}`);
    const path = options.path ?? '/';
    if (!USER_PATH.test(path)) throw new Error(`Invalid IAM path: ${JSON.stringify(path)}`);
    this.users.set(userName.toLowerCase(), {
      user: {
        userName,
        userId: options.userId ?? newUserId(),
        arn: `arn:aws:iam::${this.accountId}:user${path}${userName}`,
        path,
        createDate: wholeSeconds(options.createDate ?? this.now()),
        passwordEnabled: options.passwordEnabled ?? false,
      },
      keys: [],
    });
    this.sortedNames = undefined;
  }

  /**
   * Seeding honours IAM's two-keys-a-user quota (throws LimitExceeded): the credential report has two key
   * slots and the bot's rotation logic depends on the limit, so a state IAM could not hold is refused.
   */
  addKey(userName: string, key: SeedKey = {}): StoredKey {
    const record = this.users.get(userName.toLowerCase());
    if (!record) throw noSuchUser(userName);
    if (record.keys.length >= ACCESS_KEYS_PER_USER) throw keyQuotaExceeded(ACCESS_KEYS_PER_USER);
    const accessKeyId = key.accessKeyId ?? newAccessKeyId();
    if (this.keysById.has(accessKeyId)) throw new Error(`Access key ${accessKeyId} already exists`);
    const stored: StoredKey = {
      userName: record.user.userName,
      accessKeyId,
      secretAccessKey: newSecretAccessKey(),
      status: key.status ?? 'Active',
      createDate: wholeSeconds(key.createDate ?? this.now()),
      ...(key.lastUsed ? { lastUsed: { ...key.lastUsed, date: wholeSeconds(key.lastUsed.date) } } : {}),
    };
    record.keys.push(stored);
    record.keys.sort(byCreation);
    this.keysById.set(accessKeyId, stored);
    this.secrets.push(stored.secretAccessKey);
    return copyKey(stored);
  }

  markUsed(accessKeyId: string, use: KeyLastUse): void {
    const key = this.keysById.get(accessKeyId);
    if (!key) throw noSuchKey(accessKeyId);
    key.lastUsed = { ...use, date: wholeSeconds(use.date) };
  }

  /** NoSuchEntity unless the key belongs to that user: IAM scopes key operations to the named user. */
  setStatus(userName: string, accessKeyId: string, status: 'Active' | 'Inactive'): void {
    this.ownedKey(userName, accessKeyId).status = status;
  }

  deleteKey(userName: string, accessKeyId: string): void {
    const key = this.ownedKey(userName, accessKeyId);
    const record = this.users.get(userName.toLowerCase());
    if (record) record.keys = record.keys.filter((k) => k !== key);
    this.keysById.delete(accessKeyId);
  }

  /** Seeds a managed policy on a user, e.g. arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3. */
  attachUserPolicy(userName: string, policyArn: string): void {
    this.permissions.attachPolicy(this.existingKey(userName), policyArn);
  }

  /** Seeds an inline policy by name (its document is not modelled). */
  putUserPolicy(userName: string, policyName: string): void {
    this.permissions.putInlinePolicy(this.existingKey(userName), policyName);
  }

  /** Seeds a group membership; the group is made on first use. */
  addUserToGroup(userName: string, groupName: string): void {
    this.permissions.addToGroup(this.existingKey(userName), groupName);
  }

  attachedPolicies(userName: string): AttachedPolicy[] {
    return this.permissions.attachedPolicies(this.existingKey(userName));
  }

  inlinePolicyNames(userName: string): string[] {
    return this.permissions.inlinePolicyNames(this.existingKey(userName));
  }

  groupsOf(userName: string): StoredGroup[] {
    return this.permissions.groupsOf(this.existingKey(userName));
  }

  user(userName: string): StoredUser | undefined {
    const record = this.users.get(userName.toLowerCase());
    return record ? { ...record.user } : undefined;
  }

  /** Sorted by name, the order ListUsers pages through. */
  userNames(): string[] {
    this.sortedNames ??= [...this.users.values()].map(({ user }) => user.userName).sort();
    return [...this.sortedNames];
  }

  /** Oldest first: the order of ListAccessKeys and of the credential report's key slots. */
  keysOf(userName: string): StoredKey[] {
    return (this.users.get(userName.toLowerCase())?.keys ?? []).map(copyKey);
  }

  findKey(accessKeyId: string): StoredKey | undefined {
    const key = this.keysById.get(accessKeyId);
    return key ? copyKey(key) : undefined;
  }

  /** Every secret ever generated, deleted keys included, so a test can scan logs and stores for any of them. */
  issuedSecrets(): string[] {
    return [...this.secrets];
  }

  toJSON(): IamStateJson {
    return {
      version: 1,
      accountId: this.accountId,
      callerUserName: this.callerUserName,
      users: [...this.users.values()].map(({ user, keys }) => ({
        userName: user.userName,
        userId: user.userId,
        path: user.path,
        createDate: user.createDate.toISOString(),
        passwordEnabled: user.passwordEnabled,
        keys: keys.map((key) => ({
          accessKeyId: key.accessKeyId,
          secretAccessKey: key.secretAccessKey,
          status: key.status,
          createDate: key.createDate.toISOString(),
          ...(key.lastUsed ? { lastUsed: { ...key.lastUsed, date: key.lastUsed.date.toISOString() } } : {}),
        })),
        ...this.permissions.toJSON(user.userName.toLowerCase()),
      })),
      issuedSecrets: [...this.secrets],
    };
  }

  static fromJSON(json: IamStateJson, options: { now?: () => Date } = {}): IamState {
    if (json.version !== 1) throw new Error(`Unsupported IAM sandbox state version: ${String(json.version)}`);
    const state = new IamState({
      ...options,
      callerUserName: json.callerUserName,
      ...(json.accountId ? { accountId: json.accountId } : {}),
    });
    for (const user of json.users) {
      state.addUser(user.userName, {
        userId: user.userId,
        path: user.path,
        createDate: new Date(user.createDate),
        passwordEnabled: user.passwordEnabled,
      });
      const record = state.users.get(user.userName.toLowerCase());
      for (const key of user.keys) {
        const stored: StoredKey = {
          userName: user.userName,
          accessKeyId: key.accessKeyId,
          secretAccessKey: key.secretAccessKey,
          status: key.status,
          createDate: new Date(key.createDate),
          ...(key.lastUsed ? { lastUsed: { ...key.lastUsed, date: new Date(key.lastUsed.date) } } : {}),
        };
        // Restored directly: the secret is the persisted one, not a new one, and is counted once below.
        record?.keys.push(stored);
        state.keysById.set(stored.accessKeyId, stored);
      }
      record?.keys.sort(byCreation);
      state.permissions.restore(user.userName.toLowerCase(), user);
    }
    state.secrets.push(...json.issuedSecrets);
    return state;
  }

  private existingKey(userName: string): string {
    if (!this.users.has(userName.toLowerCase())) throw noSuchUser(userName);
    return userName.toLowerCase();
  }

  private ownedKey(userName: string, accessKeyId: string): StoredKey {
    this.existingKey(userName);
    const key = this.keysById.get(accessKeyId);
    if (!key || key.userName.toLowerCase() !== userName.toLowerCase()) throw noSuchKey(accessKeyId);
    return key;
  }
}
