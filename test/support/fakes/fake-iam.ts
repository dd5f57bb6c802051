import type { IamPort, NewKey } from '../../../src/kernel/ports/iam';
import { SecretValue } from '../../../src/kernel/secret';
import {
  sameIamUser,
  systemClock,
  type AccessKey,
  type Clock,
  type IamUserName,
  type KeyId,
  type KeyStatus,
  type LastUse,
} from '../../../src/kernel/types';
import { copy, Faults, iamError } from './faults';

export type IamMethod = 'listKeys' | 'lastUse' | 'createKey' | 'setStatus' | 'deleteKey';

export interface IamCall {
  method: IamMethod;
  owner?: string;
  keyId?: string;
  status?: KeyStatus;
}

interface StoredKey {
  key: AccessKey;
  lastUse: LastUse;
  secret: string;
}

/** IAM allows two access keys per user; CreateAccessKey beyond that is LimitExceeded. */
export const FAKE_KEY_LIMIT = 2;

/**
 * IAM as the adapter (src/platform/aws/iam-adapter.ts) presents it: users whose names ignore case, two keys
 * each, last use per key, and KeywardenError IAM_* codes where the SDK would fail. A key acted on
 * under a user who does not own it is IAM_NOT_FOUND, as IAM answers NoSuchEntity. Every call is
 * recorded, failed or not, as CloudTrail would see it. Like IAM, it keeps dates to the second and
 * lists a user's keys oldest first.
 */
export class FakeIam implements IamPort {
  readonly faults = new Faults<IamMethod>();
  readonly calls: IamCall[] = [];
  private readonly users = new Map<string, IamUserName>();
  private readonly keys = new Map<string, StoredKey>();
  private made = 0;
  private loseCreateAnswer = false;

  constructor(private readonly clock: Clock = systemClock) {}

  /** Whether this account holds the key (for FakeAccounts.locate). */
  holdsKey(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  addUser(name: string): IamUserName {
    this.users.set(name.toLowerCase(), name as IamUserName);
    return name as IamUserName;
  }

  /** Seeds a key (no call recorded). The user is added if missing. */
  addKey(
    owner: string,
    options: { status?: KeyStatus; createdAt?: Date; lastUse?: LastUse; keyId?: string } = {},
  ): AccessKey {
    const user = this.users.get(owner.toLowerCase()) ?? this.addUser(owner);
    // A state IAM could not hold would make a test prove nothing.
    if (this.keysOf(user).length >= FAKE_KEY_LIMIT) throw new Error(`${owner} already has two keys`);
    const key: AccessKey = {
      owner: user,
      keyId: (options.keyId ?? this.nextKeyId()) as KeyId,
      status: options.status ?? 'Active',
      createdAt: wholeSeconds(options.createdAt ?? this.clock.now()),
    };
    const lastUse = options.lastUse ?? {};
    this.keys.set(key.keyId, {
      key,
      lastUse: { ...lastUse, at: lastUse.at && wholeSeconds(lastUse.at) },
      secret: `seeded-${key.keyId}`,
    });
    return copy(key);
  }

  /** The key was used (by whatever holds it), as GetAccessKeyLastUsed will say. */
  use(keyId: string, lastUse: LastUse = { at: this.clock.now(), service: 's3', region: 'eu-west-1' }): void {
    this.stored(keyId).lastUse = { ...lastUse, at: lastUse.at && wholeSeconds(lastUse.at) };
  }

  /** The next CreateAccessKey makes its key, but its answer is lost: IAM_UNCLEAR after the fact. */
  loseNextCreateAnswer(): void {
    this.loseCreateAnswer = true;
  }

  /** What IAM holds now, without a call: for assertions. */
  keysOf(owner: string): AccessKey[] {
    return [...this.keys.values()]
      .filter((stored) => sameIamUser(stored.key.owner, owner))
      .map((stored) => copy(stored.key))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  keyOf(keyId: string): AccessKey | undefined {
    const stored = this.keys.get(keyId);
    return stored && copy(stored.key);
  }

  secretOf(keyId: string): string | undefined {
    return this.keys.get(keyId)?.secret;
  }

  callsOf(method: IamMethod): IamCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Calls that change something: what a test of "nothing was touched" looks at. */
  mutations(): IamCall[] {
    return this.calls.filter((call) => ['createKey', 'setStatus', 'deleteKey'].includes(call.method));
  }

  async listKeys(owner: IamUserName): Promise<AccessKey[]> {
    this.record({ method: 'listKeys', owner });
    this.user(owner);
    return this.keysOf(owner);
  }

  async lastUse(keyId: KeyId): Promise<{ owner: IamUserName; lastUse: LastUse }> {
    this.record({ method: 'lastUse', keyId });
    const stored = this.stored(keyId);
    return { owner: stored.key.owner, lastUse: copy(stored.lastUse) };
  }

  async createKey(owner: IamUserName): Promise<NewKey> {
    this.record({ method: 'createKey', owner });
    const user = this.user(owner);
    if (this.keysOf(user).length >= FAKE_KEY_LIMIT) throw iamError('IAM_LIMIT_EXCEEDED');
    const key: AccessKey = {
      owner: user,
      keyId: this.nextKeyId(),
      status: 'Active',
      createdAt: wholeSeconds(this.clock.now()),
    };
    const secret = `fake-secret-${key.keyId}-${Math.random().toString(36).slice(2)}`;
    this.keys.set(key.keyId, { key, lastUse: {}, secret });
    if (this.loseCreateAnswer) {
      this.loseCreateAnswer = false;
      throw iamError('IAM_UNCLEAR');
    }
    return { key: copy(key), secret: new SecretValue(secret) };
  }

  async setStatus(owner: IamUserName, keyId: KeyId, status: KeyStatus): Promise<void> {
    this.record({ method: 'setStatus', owner, keyId, status });
    this.ownedKey(owner, keyId).key.status = status;
  }

  async deleteKey(owner: IamUserName, keyId: KeyId): Promise<void> {
    this.record({ method: 'deleteKey', owner, keyId });
    this.ownedKey(owner, keyId);
    this.keys.delete(keyId);
  }

  private record(call: IamCall): void {
    this.calls.push(call);
    this.faults.check(call.method);
  }

  private user(name: string): IamUserName {
    const user = this.users.get(name.toLowerCase());
    if (!user) throw iamError('IAM_NOT_FOUND');
    return user;
  }

  private stored(keyId: string): StoredKey {
    const stored = this.keys.get(keyId);
    if (!stored) throw iamError('IAM_NOT_FOUND');
    return stored;
  }

  private ownedKey(owner: string, keyId: string): StoredKey {
    this.user(owner);
    const stored = this.stored(keyId);
    if (!sameIamUser(stored.key.owner, owner)) throw iamError('IAM_NOT_FOUND');
    return stored;
  }

  private nextKeyId(): KeyId {
    this.made += 1;
    return `AKIAFAKE${String(this.made).padStart(12, '0')}` as KeyId;
  }
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
