/** An account as Organizations keeps it; `state` is the lifecycle AWS reports in `State` (and `Status`). */
export interface OrgAccount {
  id: string;
  name: string;
  email: string;
  state: 'ACTIVE' | 'SUSPENDED' | 'CLOSED' | 'PENDING_CLOSURE';
  /** The root or OU it sits in. */
  parentId: string;
  tags: Record<string, string>;
  joinedAt: Date;
}

export interface OrgUnit {
  id: string;
  name: string;
  parentId: string;
}

export interface OrganizationSeed {
  /** Default o-exampleorg1. */
  id?: string;
  /** The management account's id; default 999999999999. */
  managementAccountId?: string;
  /** Default r-root. */
  rootId?: string;
  units?: OrgUnit[];
  accounts?: Array<Omit<OrgAccount, 'email' | 'state' | 'tags' | 'joinedAt'> & Partial<OrgAccount>>;
}

/**
 * One organization: a root, OUs under it (and under each other) and accounts, which a test changes
 * between two listings (added, renamed, suspended, closed, moved), as people do in the console.
 */
export class Organization {
  readonly id: string;
  readonly managementAccountId: string;
  readonly rootId: string;
  private readonly units = new Map<string, OrgUnit>();
  private readonly accounts = new Map<string, OrgAccount>();

  constructor(seed: OrganizationSeed = {}) {
    this.id = seed.id ?? 'o-exampleorg1';
    this.managementAccountId = seed.managementAccountId ?? '999999999999';
    this.rootId = seed.rootId ?? 'r-root';
    for (const unit of seed.units ?? []) this.addUnit(unit);
    for (const account of seed.accounts ?? []) this.addAccount(account);
  }

  addUnit(unit: OrgUnit): void {
    if (!this.isParent(unit.parentId)) throw new Error(`no parent ${unit.parentId} for OU ${unit.id}`);
    this.units.set(unit.id, { ...unit });
  }

  addAccount(account: Omit<OrgAccount, 'email' | 'state' | 'tags' | 'joinedAt'> & Partial<OrgAccount>): void {
    if (!/^\d{12}$/.test(account.id)) throw new Error(`account id ${account.id} is not twelve digits`);
    if (!this.isParent(account.parentId)) throw new Error(`no parent ${account.parentId}`);
    this.accounts.set(account.id, {
      email: `aws+${account.id}@example.com`,
      state: 'ACTIVE',
      tags: {},
      joinedAt: new Date('2024-01-01T00:00:00Z'),
      ...account,
    });
  }

  rename(accountId: string, name: string): void {
    this.account(accountId).name = name;
  }

  setState(accountId: string, state: OrgAccount['state']): void {
    this.account(accountId).state = state;
  }

  move(accountId: string, parentId: string): void {
    if (!this.isParent(parentId)) throw new Error(`no parent ${parentId}`);
    this.account(accountId).parentId = parentId;
  }

  tag(accountId: string, tags: Record<string, string>): void {
    Object.assign(this.account(accountId).tags, tags);
  }

  /** In the order they joined, as ListAccounts pages them. */
  listAccounts(): OrgAccount[] {
    return [...this.accounts.values()];
  }

  findAccount(accountId: string): OrgAccount | undefined {
    return this.accounts.get(accountId);
  }

  findUnit(unitId: string): OrgUnit | undefined {
    return this.units.get(unitId);
  }

  /** The parent of an account or OU; undefined for the root or an unknown id. */
  parentOf(childId: string): string | undefined {
    return this.accounts.get(childId)?.parentId ?? this.units.get(childId)?.parentId;
  }

  childUnits(parentId: string): OrgUnit[] {
    return [...this.units.values()].filter((unit) => unit.parentId === parentId);
  }

  childAccounts(parentId: string): OrgAccount[] {
    return [...this.accounts.values()].filter((account) => account.parentId === parentId);
  }

  isParent(id: string): boolean {
    return id === this.rootId || this.units.has(id);
  }

  private account(accountId: string): OrgAccount {
    const found = this.accounts.get(accountId);
    if (!found) throw new Error(`no account ${accountId} in the organization`);
    return found;
  }
}
