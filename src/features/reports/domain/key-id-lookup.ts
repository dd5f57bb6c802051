import type { Logger } from '../../../kernel/logger';
import type { Account } from '../../../kernel/accounts';
import { managedAccountOf } from '../../../kernel/account-ref';
import { mapConcurrent } from '../../../kernel/map-concurrent';
import type { ReportKeyListing } from '../../../kernel/ports/report-key-listing';
import type { Caller } from '../../../kernel/ports/accounts';
import type { AccessKey, KeyId } from '../../../kernel/types';
import type { StaleKey } from './classify';
import { findReported } from './stale-key-actions';
import { StaleKeyTable } from './stale-key-table';
import type { StaleReport } from './stale-report';

export interface KeyIdLookupDeps {
  listing: ReportKeyListing;
  /** The managed accounts, in policy order: a key without an account is the first one's. */
  accounts: readonly Account[];
  log: Logger;
  /** Users listed at once; the listing paces the calls themselves. Default 4. */
  concurrency?: number;
}

/** Keys with the ids IAM gave them where it could, and how many are still named by slot only. */
export interface NamedKeys {
  keys: StaleKey[];
  missing: number;
}

/**
 * Finds the ids of stale keys for the people who act on them. The credential report names a key
 * only as `access_key_1` or `_2` of its user, while an owner's configuration and the console show
 * its id. One lookup serves one run: each (account, user) is listed once whoever asks, and a key is
 * matched by its creation time to the second, as a report's buttons find it. A listing that fails
 * leaves its keys named by slot: the report and the DMs go out all the same.
 */
export class KeyIdLookup {
  private readonly listed = new Map<string, Promise<AccessKey[] | undefined>>();
  /** The accounts the report's data came from, by name, with their twelve digits where known. */
  private readonly scanned = new Map<string, Account>();

  constructor(private readonly deps: KeyIdLookupDeps) {}

  /**
   * The accounts the report was scanned in (its sections'): a key's account is then found among the
   * managed ones by that account's id, so a name the policy (or discovery) has since given another
   * account lists nothing there; the keys stay named by slot.
   */
  scannedIn(accounts: readonly Account[]): this {
    for (const account of accounts) this.scanned.set(account.name, account);
    return this;
  }

  /** The keys in their order, each with its id where IAM named it; `missing` counts each key once. */
  async name(keys: readonly StaleKey[]): Promise<NamedKeys> {
    const unnamed = new Map<string, StaleKey>();
    for (const key of keys) if (key.keyId === undefined) unnamed.set(userOf(key), key);
    await mapConcurrent([...unnamed.values()], this.deps.concurrency ?? 4, (key) => this.listingOf(key));
    const missing = new Set<string>();
    const named: StaleKey[] = [];
    for (const key of keys) {
      const found =
        key.keyId === undefined ? findReported((await this.listingOf(key)) ?? [], key.createdAt) : undefined;
      if (found) named.push({ ...key, keyId: found.keyId });
      else {
        if (key.keyId === undefined) missing.add(`${userOf(key)}#${key.createdAt.getTime()}`);
        named.push(key);
      }
    }
    return { keys: named, missing: missing.size };
  }

  /** The user's keys as IAM listed them for this run (listed now if not yet); undefined when that failed. */
  listingOf(key: StaleKey): Promise<AccessKey[] | undefined> {
    const user = userOf(key);
    let listing = this.listed.get(user);
    if (!listing) {
      listing = this.list(key);
      this.listed.set(user, listing);
    }
    return listing;
  }

  private async list(key: StaleKey): Promise<AccessKey[] | undefined> {
    const { accounts, listing, log } = this.deps;
    const name = key.account ?? accounts[0]?.name;
    const scanned = name === undefined ? undefined : this.scanned.get(name);
    const account = managedAccountOf(
      scanned?.id ? { account: name, accountId: scanned.id } : { account: key.account },
      accounts,
    );
    if (!account) return undefined;
    try {
      return await listing.keysOf(account, key.owner);
    } catch (error) {
      log.warn(
        { err: error, account: account.name, iamUser: key.owner },
        'key ids could not be listed; those keys are named by slot',
      );
      return undefined;
    }
  }
}

/** IAM user names are unique regardless of case. */
const userOf = (key: StaleKey) => `${key.account ?? ''}#${key.owner.toLowerCase()}`;

/** How many of a report's keys a message lists by name: the rows with buttons and the "Ignored" lines. */
export interface ShownKeys {
  rows: number;
  ignored: number;
}

/**
 * How reports name keys: a fresh lookup for each run (or `/keys stale`), and what their messages show.
 * The lookup lists keys as `caller` (default keywarden): the admin who clicked, where one did.
 */
export interface KeyNaming {
  lookup(caller?: Caller): KeyIdLookup;
  shown: ShownKeys;
  /** Marks the rows shown with what became of their keys since the data was generated (line-marks.ts). */
  reconcile?: ShownRowsReconciler;
}

/** Reconciles the rows a message shows with IAM (the lookup's listings) and Keywarden's own record. */
export type ShownRowsReconciler = (
  report: StaleReport,
  rows: number,
  lookup: KeyIdLookup,
) => Promise<StaleReport>;

/**
 * The report with the keys its message names given their ids: the first `shown.rows` rows (those
 * with buttons), the first `shown.ignored` "Ignored" keys and the snoozed keys it lists. Never the
 * rest: an organization's report holds 90,000 stale keys, which the CSV names by slot.
 */
export async function withShownKeyIds(
  report: StaleReport,
  shown: ShownKeys,
  lookup: KeyIdLookup,
): Promise<StaleReport> {
  lookup.scannedIn(report.accounts.map((section) => section.account));
  const rows = report.keys.slice(0, shown.rows);
  const ignored = report.ignored?.slice(0, shown.ignored) ?? [];
  const snoozed = report.snoozed?.keys ?? [];
  const { keys, missing } = await lookup.name([...rows, ...ignored.map((entry) => entry.key), ...snoozed]);
  const ids = new Map<number, KeyId>();
  rows.forEach((row, index) => {
    const keyId = keys[index]?.keyId;
    if (row.keyId === undefined && keyId !== undefined) ids.set(index, keyId);
  });
  const namedIgnored = ignored.map((entry, index) => ({
    ...entry,
    key: keys[rows.length + index] ?? entry.key,
  }));
  const namedSnoozed = keys.slice(rows.length + ignored.length);
  return {
    ...report,
    keys: ids.size > 0 ? StaleKeyTable.from(report.keys).withKeyIds(ids) : report.keys,
    ...(report.ignored ? { ignored: [...namedIgnored, ...report.ignored.slice(shown.ignored)] } : {}),
    ...(report.snoozed ? { snoozed: { ...report.snoozed, keys: namedSnoozed } } : {}),
    ...(missing > 0 ? { keyIdsMissing: missing } : {}),
  };
}

/** The same, for a report that must go out whatever happens here: on any failure, as it was. */
export async function nameShownKeys(
  report: StaleReport,
  naming: KeyNaming,
  lookup: KeyIdLookup,
  log: Logger,
): Promise<StaleReport> {
  let named = report;
  try {
    named = await withShownKeyIds(report, naming.shown, lookup);
  } catch (error) {
    log.error({ err: error }, 'key ids could not be named; the report names keys by slot');
    return report;
  }
  if (!naming.reconcile) return named;
  try {
    return await naming.reconcile(named, naming.shown.rows, lookup);
  } catch (error) {
    log.error({ err: error }, 'the rows shown could not be reconciled; they are shown as the data has them');
    return named;
  }
}
