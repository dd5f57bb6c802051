import type { Account } from '../../../kernel/accounts';
import type { Page } from '../../../kernel/page';
import type { DiscoveredAccount, ManagedAccountRow } from '../../../kernel/ports/organization';

/** One managed account as `/keys accounts` lists it. */
export interface AccountLine extends ManagedAccountRow {
  /** When a posted report last covered it (scanned, not failed); undefined: never, as far as the runs kept say. */
  lastReported?: Date;
}

/** A page of `/keys accounts`, with what is said around it. */
export interface AccountsView {
  page: Page<AccountLine>;
  total: number;
  dropped: readonly DiscoveredAccount[];
  /** Absent without an `organization:` block: the accounts are the policy's list. */
  discovery?: { lastGood?: Date; lastFailure?: { at: Date; why: string } };
}

/** What `/keys accounts refresh` says: the changes, or why the organization could not be read. */
export type RefreshView =
  | {
      ok: true;
      added: Account[];
      renamed: Array<{ from: string; to: Account }>;
      removed: Account[];
      managed: number;
    }
  | { ok: false; why: string };
