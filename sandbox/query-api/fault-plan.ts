/** What every stand-in's fault has: the action it matches (undefined: any) and how often. */
export interface PlannedFault {
  action?: string;
  /** How many matching requests fail; default 1. */
  times?: number;
}

/** Injected faults, consumed first-injected first by the requests they match. */
export class FaultPlan<F extends PlannedFault> {
  private readonly pending: Array<{ fault: F; left: number }> = [];

  constructor(
    private readonly matches: (fault: F, action: string, scope: string | undefined) => boolean = (
      fault,
      action,
    ) => fault.action === undefined || fault.action === action,
  ) {}

  inject(fault: F): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new Error(`Fault.times must be a positive integer, not ${times}`);
    this.pending.push({ fault: { ...fault }, left: times });
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** `scope` narrows further, e.g. the account a request is for. */
  take(action: string, scope?: string): F | undefined {
    const index = this.pending.findIndex(({ fault }) => this.matches(fault, action, scope));
    const entry = this.pending[index];
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left === 0) this.pending.splice(index, 1);
    return entry.fault;
  }
}

/**
 * Standing outages of a JSON stand-in (`setOutage`): until lifted, every request fails this way, in one
 * scope (a region) or, under the default scope, in all.
 */
export class Outages<K extends string> {
  private readonly byScope = new Map<string, K>();

  set(kind: K | undefined, scope = '*'): void {
    if (kind) this.byScope.set(scope, kind);
    else this.byScope.delete(scope);
  }

  clear(): void {
    this.byScope.clear();
  }

  of(scope?: string): K | undefined {
    return (scope !== undefined ? this.byScope.get(scope) : undefined) ?? this.byScope.get('*');
  }
}
