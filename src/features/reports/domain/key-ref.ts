import type { Account } from '../../../kernel/accounts';
import type { IamUserName } from '../../../kernel/types';
import type { StaleKey } from './classify';
import type { StaleReport } from './stale-report';

/**
 * One access key as a whole-account scan can name it across runs. The credential report has no key
 * ids, so a key is its account, its owner and its creation time (IAM keeps it to the second).
 */
export interface KeyRef {
  /** The account's name when the ref was made: what people read. */
  account: string;
  /**
   * The account's twelve digits where they name it for good (stableAccountId): what still finds a
   * snooze or a count once the policy or the organization renames the account. Absent on records
   * stored before it was kept, and for the bot's own account.
   */
  accountId?: string;
  owner: IamUserName;
  createdAt: Date;
}

/**
 * The id that names an account across renames: its twelve digits, known from its role ARN or the
 * organization. Not the bot's own account's, which STS tells only once asked (a record keyed by it
 * would be missed by a run that had not asked yet): that one is named by its name, as before.
 */
export function stableAccountId(account: Account): string | undefined {
  return account.own ? undefined : account.id;
}

/** A report's keys as refs: each with its account's stable id, from the report's own accounts. */
export function keyRefs(report: Pick<StaleReport, 'accounts'>): (key: StaleKey) => KeyRef {
  const ids = new Map<string, string>();
  for (const { account } of report.accounts) {
    const id = stableAccountId(account);
    if (id) ids.set(account.name, id);
  }
  return (key) => {
    const account = key.account ?? 'default';
    const accountId = ids.get(account);
    return { account, ...(accountId ? { accountId } : {}), owner: key.owner, createdAt: key.createdAt };
  };
}

/**
 * The same text for the same key, whatever the case of the owner or the milliseconds of the time:
 * `@<account id>#...` where the ref has one, else `<account name>#...` (records stored before ids).
 * `@` is outside an account name's alphabet, so the two forms never meet.
 */
export function keyRefId(ref: KeyRef): string {
  const second = new Date(Math.floor(ref.createdAt.getTime() / 1000) * 1000);
  return `${accountRef(ref)}#${ref.owner.toLowerCase()}#${second.toISOString()}`;
}

/** How stored records name an account: `@<account id>` where the ref has one, else its name. */
export function accountRef(ref: Pick<KeyRef, 'account' | 'accountId'>): string {
  return ref.accountId ? `@${ref.accountId}` : ref.account;
}

/**
 * What is stored about a key (a snooze, a nudge count), found by the key's ref: by its account id,
 * else (a record stored before ids were kept) by its account's name. One per key: `keep` decides
 * between two records of one key.
 */
export class KeyRefIndex<T extends { key: KeyRef }> {
  private readonly byId = new Map<string, T>();

  constructor(records: Iterable<T>, keep: (earlier: T, later: T) => T = (_, later) => later) {
    for (const record of records) {
      const id = keyRefId(record.key);
      const earlier = this.byId.get(id);
      this.byId.set(id, earlier ? keep(earlier, record) : record);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  values(): IterableIterator<T> {
    return this.byId.values();
  }

  find(ref: KeyRef): T | undefined {
    const exact = this.byId.get(keyRefId(ref));
    if (exact || !ref.accountId) return exact;
    return this.byId.get(keyRefId({ ...ref, accountId: undefined }));
  }
}
