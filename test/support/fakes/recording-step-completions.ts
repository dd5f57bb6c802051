import type {
  CompletionAnswer,
  StepCompletions,
} from '../../../src/features/workflows/domain/ports/step-completions';
import { Faults } from './faults';

/** functions.completeSuccess as Slack answers it: once per run, `gone` after that. */
export class RecordingStepCompletions implements StepCompletions {
  readonly faults = new Faults<'succeed'>();
  readonly completed = new Map<string, Record<string, string>>();
  calls = 0;

  async succeed(executionId: string, outputs: Record<string, string>): Promise<CompletionAnswer> {
    this.calls++;
    this.faults.check('succeed');
    if (this.completed.has(executionId)) return 'gone';
    this.completed.set(executionId, { ...outputs });
    return 'completed';
  }
}
