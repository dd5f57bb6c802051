import type { KeySteps } from '../domain/key-steps';
import { failStep, startStep, type StepArgs } from './step-args';
import { DEACTIVATE_KEY_STEP } from './step-ids';

/** `deactivate_key`: admins only; completes with the key's status now (`Inactive`). */
export function deactivateKeyStep(steps: KeySteps) {
  return async (args: StepArgs): Promise<void> => {
    const run = await startStep(args, { reason: true });
    if (!run) return;
    const outcome = await steps.deactivate(run.actor, run.keyId, run.reason);
    if (!outcome.ok) return failStep(args, outcome.refusal);
    await args.complete({ outputs: { status: outcome.value.status } });
    run.request.done(
      { step: DEACTIVATE_KEY_STEP, changed: outcome.value.changed },
      'workflow step completed',
    );
  };
}
