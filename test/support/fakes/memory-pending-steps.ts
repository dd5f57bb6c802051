import type { PendingStep, PendingSteps } from '../../../src/features/workflows/domain/ports/pending-steps';
import { copy, Faults } from './faults';

export type PendingStepsMethod = 'add' | 'waitingOn' | 'waiting' | 'close';

/** Workflow runs in memory, as DynamoPendingSteps keeps them: one per request, closed once. */
export class MemoryPendingSteps implements PendingSteps {
  readonly faults = new Faults<PendingStepsMethod>();
  private readonly steps = new Map<string, { step: PendingStep; outcome?: string }>();

  async add(step: PendingStep): Promise<void> {
    this.faults.check('add');
    const known = this.steps.get(step.requestId);
    if (known && known.step.executionId !== step.executionId) throw new Error('a request has one run');
    if (!known) this.steps.set(step.requestId, { step: copy(step) });
  }

  async waitingOn(requestId: string): Promise<PendingStep | undefined> {
    this.faults.check('waitingOn');
    const entry = this.steps.get(requestId);
    return entry && entry.outcome === undefined ? copy(entry.step) : undefined;
  }

  async waiting(limit = 200): Promise<PendingStep[]> {
    this.faults.check('waiting');
    return [...this.steps.values()]
      .filter((entry) => entry.outcome === undefined)
      .map((entry) => copy(entry.step))
      .slice(0, limit);
  }

  async close(requestId: string, outcome: string): Promise<boolean> {
    this.faults.check('close');
    const entry = this.steps.get(requestId);
    if (!entry || entry.outcome !== undefined) return false;
    entry.outcome = outcome;
    return true;
  }

  /** How a run was closed (its decision, or `gone`); undefined while it waits or when there is none. */
  outcomeOf(requestId: string): string | undefined {
    return this.steps.get(requestId)?.outcome;
  }
}
