import { refusalText } from '../../../platform/slack/blocks/refusal-texts';
import type { KeySteps } from '../domain/key-steps';
import { stepRequest, type StepArgs } from './step-args';
import { DEACTIVATE_KEY_STEP } from './step-ids';
import { stepInputs } from './step-inputs';
import { STEP_NEEDS_REQUESTER } from './texts';

/** `deactivate_key`: admins only; completes with the key's status now (`Inactive`). */
export function deactivateKeyStep(steps: KeySteps) {
  return async (args: StepArgs): Promise<void> => {
    const { inputs, complete, fail } = args;
    const request = stepRequest(args);
    const parsed = stepInputs(inputs, { reason: true });
    if (!parsed.ok) {
      await fail({ error: parsed.error });
      return;
    }
    const actor = await request.actor();
    if (!actor) {
      await fail({ error: STEP_NEEDS_REQUESTER });
      return;
    }
    const outcome = await steps.deactivate(actor, parsed.keyId, parsed.reason);
    if (!outcome.ok) {
      await fail({ error: refusalText(outcome.refusal) });
      return;
    }
    await complete({ outputs: { status: outcome.value.status } });
    request.done({ step: DEACTIVATE_KEY_STEP, changed: outcome.value.changed }, 'workflow step completed');
  };
}
