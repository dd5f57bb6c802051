import { refusalText } from '../../../platform/slack/blocks/refusal-texts';
import type { DeletionSteps } from '../domain/deletion-steps';
import { stepRequest, type StepArgs } from './step-args';
import { REQUEST_KEY_DELETION_STEP } from './step-ids';
import { stepInputs } from './step-inputs';
import { STEP_NEEDS_REQUESTER } from './texts';

/**
 * `request_key_deletion`: opens the deletion request as `/keys delete KEY_ID reason` would, for the
 * `requester`. A refusal fails the run now, in the refusal's words; an opened request leaves the run
 * waiting: it completes when the request ends (DeletionSteps.ended, or the sweep).
 */
export function requestDeletionStep(steps: DeletionSteps) {
  return async (args: StepArgs): Promise<void> => {
    const { inputs, fail, event } = args;
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
    const outcome = await steps.request(actor, parsed.keyId, parsed.reason, event.function_execution_id);
    if (!outcome.ok) {
      await fail({ error: refusalText(outcome.refusal) });
      return;
    }
    request.done(
      { step: REQUEST_KEY_DELETION_STEP, requestId: outcome.value.id },
      'workflow step waits for its request',
    );
  };
}
