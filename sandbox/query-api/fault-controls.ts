import { CallRecorder } from './call-recorder';
import { FaultPlan, Outages, type PlannedFault } from './fault-plan';

/** What a JSON stand-in's server offers of its call log and faults, spread into the server object. */
export interface FaultControlsApi<C, F, K extends string> {
  calls(): C[];
  onCall(listener: (call: C) => void): () => void;
  injectFault(fault: F): void;
  setOutage(kind: K | undefined, scope?: string): void;
  clearFaults(): void;
}

/**
 * A stand-in's call log, its injected faults and its standing outages, kept together: what a request
 * meets first (`next`) and what the test reads and sets through `api()`.
 */
export class FaultControls<C, F extends PlannedFault & { kind: string }, K extends F['kind'] & string> {
  readonly log = new CallRecorder<C>();
  private readonly outages = new Outages<K>();

  constructor(private readonly plan: FaultPlan<F>) {}

  /** The fault this request meets: an injected one first, else a standing outage in its scope. */
  next(action: string, scope?: string): F | { kind: K } | undefined {
    const planned = this.plan.take(action, scope);
    if (planned) return planned;
    const outage = this.outages.of(scope);
    return outage ? { kind: outage } : undefined;
  }

  api(): FaultControlsApi<C, F, K> {
    return {
      calls: () => this.log.calls(),
      onCall: (listener) => this.log.onCall(listener),
      injectFault: (fault) => this.plan.inject(fault),
      setOutage: (kind, scope) => this.outages.set(kind, scope),
      clearFaults: () => {
        this.plan.clear();
        this.outages.clear();
      },
    };
  }
}
