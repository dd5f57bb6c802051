export interface Fault {
  /** undefined: any action. */
  action?: string;
  /** The error to answer with; without it (and without dropConnection) the answer is the normal one. */
  code?:
    | 'Throttling'
    | 'ServiceFailure'
    | 'ServiceUnavailable'
    | 'AccessDenied'
    | 'NoSuchEntity'
    | 'LimitExceeded';
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Apply the action, then answer with the error: IAM made the key but the answer was lost. */
  afterApplying?: boolean;
  /** Destroy the socket instead of answering. */
  dropConnection?: boolean;
  /**
   * Answer (or drop) this many milliseconds late, after the action took effect: a client with a
   * shorter timeout gives up not knowing what happened.
   */
  delayMs?: number;
}

/** A fault that changes the answer, rather than only its timing. */
export function failsTheCall(fault: Fault): boolean {
  return fault.dropConnection === true || fault.code !== undefined;
}

/** Injected faults, consumed first-injected first by the requests they match. */
export class FaultPlan {
  private readonly pending: Array<{ fault: Fault; left: number }> = [];

  inject(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new Error(`Fault.times must be a positive integer, not ${times}`);
    this.pending.push({ fault: { ...fault }, left: times });
  }

  clear(): void {
    this.pending.length = 0;
  }

  take(action: string): Fault | undefined {
    const index = this.pending.findIndex(
      ({ fault }) => fault.action === undefined || fault.action === action,
    );
    const entry = this.pending[index];
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left === 0) this.pending.splice(index, 1);
    return entry.fault;
  }
}
