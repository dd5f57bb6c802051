import type { Account } from '../accounts';

/** An OU (or the root) as the organization names it. */
export interface OrgUnitRef {
  id: string;
  name: string;
}

/** An account as AWS Organizations lists it, with where it sits and its tags. */
export interface DiscoveredAccount {
  id: string;
  /** The organization's name for it, as people typed it in the console. */
  name: string;
  /** ACTIVE, SUSPENDED, CLOSED, PENDING_CLOSURE...: only ACTIVE ones are managed. */
  state: string;
  /** The root first, then each OU down to the account's own. */
  path: readonly OrgUnitRef[];
  tags: Readonly<Record<string, string>>;
}

/** The whole organization, read once: every account (any state), in the order Organizations lists them. */
export interface OrganizationReader {
  /** Throws (KeywardenError ORGANIZATION_UNAVAILABLE) when the organization cannot be read whole. */
  list(): Promise<DiscoveredAccount[]>;
}

/** What one refresh changed in the managed set. */
export interface AccountChanges {
  added: Account[];
  renamed: Array<{ from: string; to: Account }>;
  /** No longer managed: suspended, closed, moved out of scope or gone from the organization. */
  removed: Account[];
}

export type RefreshResult =
  { ok: true; at: Date; changes: AccountChanges } | { ok: false; at: Date; why: string };

/** Whether an account's role could be assumed the last time a session was asked for. */
export interface Reachability {
  at: Date;
  reachable: boolean;
  /** Why not, in words: denied, STS unreachable... */
  why?: string;
}

/** A managed account as `/keys accounts` shows it. */
export interface ManagedAccountRow {
  account: Account;
  /** Where it sits: OU names from the root down; empty for an account discovery did not find. */
  path: readonly OrgUnitRef[];
  reach?: Reachability;
}

/** The organization as discovery last saw it, and a way to look again. */
export interface OrganizationDirectory {
  managed(): ManagedAccountRow[];
  /** Suspended or closed accounts in scope: not managed. */
  dropped(): readonly DiscoveredAccount[];
  lastGood(): Date | undefined;
  lastFailure(): { at: Date; why: string } | undefined;
  refresh(): Promise<RefreshResult>;
}
