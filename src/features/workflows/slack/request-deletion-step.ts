import type { DeletionSteps } from '../domain/deletion-steps';
import { failStep, startStep, type StepArgs } from './step-args';
import { REQUEST_KEY_DELETION_STEP } from './step-ids';

/**
 * `request_key_deletion`: opens the deletion request as `/keys delete KEY_ID reason` would, for the
 * `requester`. A refusal fails the run now, in the refusal's words; an opened request leaves the run
 * waiting: it completes when the request ends (DeletionSteps.ended, or the sweep).
 */
export function requestDeletionStep(steps: DeletionSteps) {
  return async (args: StepArgs): Promise<void> => {
    const run = await startStep(args, { reason: true });
    if (!run) return;
    const outcome = await steps.request(run.actor, run.keyId, run.reason, args.event.function_execution_id);
    if (!outcome.ok) return failStep(args, outcome.refusal);
    run.request.done(
      { step: REQUEST_KEY_DELETION_STEP, requestId: outcome.value.id },
      'workflow step waits for its request',
    );
  };
}
