import type { Account } from '../../../kernel/accounts';
import { mayManage, type Actor } from '../../../kernel/authorization';
import type { Auditor } from '../../../kernel/auditor';
import { iamRefusal } from '../../../kernel/iam-refusal';
import { mapConcurrent } from '../../../kernel/map-concurrent';
import { done, refused, type KernelRefusal, type Outcome } from '../../../kernel/outcome';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import {
  systemClock,
  type Clock,
  type IamUserName,
  type KeyId,
  type KeyStatus,
  type KeyWithUse,
  type LastUse,
} from '../../../kernel/types';
import { LastUseCache } from './last-use-cache';

/** Last-use lookups in flight at once for one user's keys (at most two today, more if AWS raises it). */
const LAST_USE_CONCURRENCY = 4;
/** Accounts listed at once for one person: each is one ListAccessKeys and a last use per key. */
const ACCOUNT_CONCURRENCY = 4;

export interface KeyListing {
  owner: IamUserName;
  account: Account;
  keys: KeyWithUse[];
}

/**
 * One IAM user's keys in every managed account: where the user exists (`listings`, in policy
 * order), where it does not (`absentFrom`: normal, most people are in a few accounts), and where
 * the account could not be read (said, so a missing account is never mistaken for "no keys").
 */
export interface EveryAccountListing {
  owner: IamUserName;
  listings: KeyListing[];
  absentFrom: Account[];
  unreadable: { account: Account; refusal: KernelRefusal }[];
}

/**
 * A listing of every account that found the user in none and could read them all: there is no
 * such IAM user anywhere Keywarden manages, which is said as that, not as "no keys".
 */
export function userNowhere(listing: EveryAccountListing): KernelRefusal | undefined {
  return listing.listings.length === 0 && listing.unreadable.length === 0
    ? { reason: 'no-such-user', user: listing.owner }
    : undefined;
}

export interface KeyLastUseView {
  owner: IamUserName;
  account: Account;
  keyId: KeyId;
  status: KeyStatus;
  lastUse: LastUse;
}

/** The read side: listing keys and their last use, each checked against the asker's rights first. */
export class KeyQueries {
  private readonly lastUses: LastUseCache;

  constructor(
    private readonly accounts: IamAccounts,
    clock: Clock = systemClock,
    /** Refused reads of another person's keys are recorded: they are what a review looks for first. */
    private readonly auditor?: Auditor,
  ) {
    this.lastUses = new LastUseCache(clock);
  }

  async list(actor: Actor, owner: IamUserName, account: Account): Promise<Outcome<KeyListing>> {
    if (!mayManage(actor, owner)) {
      await this.auditor?.as(actor).refused('list', { owner, account: account.name, detail: 'not-allowed' });
      return refused({ reason: 'not-allowed' });
    }
    const iam = this.accounts.iam(account, actor.slackUserId);
    try {
      const keys = await iam.listKeys(owner);
      const withUse = await mapConcurrent(keys, LAST_USE_CONCURRENCY, async (key) => ({
        ...key,
        lastUse: await this.lastUses.read(
          account.name,
          key.keyId,
          async () => (await iam.lastUse(key.keyId)).lastUse,
        ),
      }));
      // IAM's own spelling of the name where it gave one (names ignore case).
      return done({
        owner: keys[0]?.owner ?? owner,
        account,
        keys: withUse.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()),
      });
    } catch (error) {
      return refused(iamRefusal(error, { reason: 'no-such-user', user: owner }));
    }
  }

  /** `/keys list` and the Home: the user's keys wherever Keywarden manages an account. */
  async listEverywhere(actor: Actor, owner: IamUserName): Promise<Outcome<EveryAccountListing>> {
    if (!mayManage(actor, owner)) {
      await this.auditor?.as(actor).refused('list', { owner, detail: 'not-allowed' });
      return refused({ reason: 'not-allowed' });
    }
    const listed = await mapConcurrent(this.accounts.all(), ACCOUNT_CONCURRENCY, async (account) => ({
      account,
      outcome: await this.list(actor, owner, account),
    }));
    const result: EveryAccountListing = { owner, listings: [], absentFrom: [], unreadable: [] };
    for (const { account, outcome } of listed) {
      if (outcome.ok) result.listings.push(outcome.value);
      else if (outcome.refusal.reason === 'no-such-user') result.absentFrom.push(account);
      else result.unreadable.push({ account, refusal: outcome.refusal });
    }
    // IAM's own spelling of the name, where an account gave one.
    result.owner = result.listings[0]?.owner ?? owner;
    return done(result);
  }

  async lastUsed(actor: Actor, keyId: KeyId): Promise<Outcome<KeyLastUseView>> {
    const resolved = await this.accounts.resolve(keyId, actor.slackUserId);
    if (!resolved.ok) return resolved;
    // The key's owner decides who may see it, so the owner is checked before answering anything.
    const { owner, account, lastUse, key } = resolved.value;
    if (!mayManage(actor, owner)) {
      await this.auditor
        ?.as(actor)
        .refused('last-used', { owner, account: account.name, keyId, detail: 'not-allowed' });
      return refused({ reason: 'not-allowed' });
    }
    return done({ owner, account, keyId, status: key.status, lastUse });
  }
}
