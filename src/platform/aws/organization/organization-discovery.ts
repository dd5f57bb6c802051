import type { Account } from '../../../kernel/accounts';
import type { Logger } from '../../../kernel/logger';
import type {
  AccountChanges,
  DiscoveredAccount,
  ManagedAccountRow,
  OrganizationDirectory,
  OrganizationReader,
  RefreshResult,
} from '../../../kernel/ports/organization';
import type { Clock } from '../../../kernel/types';
import type { AccountSettings, SdkIamAccounts } from '../iam-accounts';
import { composeManagedSet, type OrganizationSettings } from './managed-set';

/** What discovery knows of the organization since its last good listing. */
export interface DiscoveryState {
  lastGood?: Date;
  lastFailure?: { at: Date; why: string };
  /** By account id. */
  discovered: ReadonlyMap<string, DiscoveredAccount>;
  dropped: readonly DiscoveredAccount[];
}

/**
 * Lists the organization and replaces the managed set with what it found (listed accounts kept as
 * the policy says). A failed listing changes nothing: the last good set stays, whole. Refreshes asked
 * for while one runs share it.
 */
export class OrganizationDiscovery implements OrganizationDirectory {
  private running: Promise<RefreshResult> | undefined;
  private current: DiscoveryState = { discovered: new Map(), dropped: [] };

  constructor(
    private readonly deps: {
      reader: OrganizationReader;
      accounts: SdkIamAccounts;
      listed: readonly AccountSettings[];
      organization: OrganizationSettings;
      clock: Clock;
      log: Logger;
    },
  ) {}

  state(): DiscoveryState {
    return this.current;
  }

  managed(): ManagedAccountRow[] {
    const { accounts } = this.deps;
    return accounts.all().map((account) => {
      const reach = accounts.reachability(account);
      const found = account.id ? this.current.discovered.get(account.id) : undefined;
      return { account, path: found?.path ?? [], ...(reach ? { reach } : {}) };
    });
  }

  dropped(): readonly DiscoveredAccount[] {
    return this.current.dropped;
  }

  lastGood(): Date | undefined {
    return this.current.lastGood;
  }

  lastFailure(): { at: Date; why: string } | undefined {
    return this.current.lastFailure;
  }

  refresh(): Promise<RefreshResult> {
    this.running ??= this.list().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async list(): Promise<RefreshResult> {
    const { reader, accounts, listed, organization, clock, log } = this.deps;
    let found: DiscoveredAccount[];
    try {
      found = await reader.list();
    } catch (error) {
      const at = clock.now();
      const why = error instanceof Error ? error.message : String(error);
      this.current = { ...this.current, lastFailure: { at, why } };
      log.warn(
        { err: error },
        'the organization could not be listed; the managed accounts stay as they were',
      );
      return { ok: false, at, why };
    }
    // The bot's own account (listed without a roleArn) is known by STS's answer: an organization
    // member itself, it is managed as listed, never a second time through a role.
    const homeId = await accounts.homeAccountId();
    const placed = listed.map((account) =>
      !account.roleArn && homeId ? { ...account, id: homeId } : account,
    );
    const before = accounts.all();
    const set = composeManagedSet(placed, found, organization);
    accounts.replace(set.settings);
    const at = clock.now();
    this.current = {
      lastGood: at,
      discovered: new Map(found.map((account) => [account.id, account])),
      dropped: set.dropped,
    };
    const changes = changesBetween(before, accounts.all());
    log.info(
      {
        managed: accounts.all().length,
        dropped: set.dropped.length,
        added: changes.added.length,
        renamed: changes.renamed.length,
        removed: changes.removed.length,
      },
      'organization listed',
    );
    return { ok: true, at, changes };
  }
}

/** Accounts told apart by id where they have one (a rename keeps it), by name otherwise. */
export function changesBetween(before: readonly Account[], after: readonly Account[]): AccountChanges {
  const keyOf = (account: Account) => account.id ?? `name:${account.name}`;
  const old = new Map(before.map((account) => [keyOf(account), account]));
  const now = new Map(after.map((account) => [keyOf(account), account]));
  return {
    added: after.filter((account) => !old.has(keyOf(account))),
    renamed: after.flatMap((account) => {
      const was = old.get(keyOf(account));
      return was && was.name !== account.name ? [{ from: was.name, to: account }] : [];
    }),
    removed: before.filter((account) => !now.has(keyOf(account))),
  };
}
