import type { KeySteps } from '../domain/key-steps';
import { failStep, startStep, type StepArgs } from './step-args';
import { KEY_STATUS_STEP } from './step-ids';
import { NEVER_USED } from './texts';

/**
 * `key_status`: whose key, in which account, its status and last use, for whoever may see the key.
 * Outputs flow to later steps of the workflow (messages, forms): never a secret, nothing of anyone else's.
 */
export function keyStatusStep(steps: KeySteps) {
  return async (args: StepArgs): Promise<void> => {
    const run = await startStep(args, { reason: false });
    if (!run) return;
    const outcome = await steps.status(run.actor, run.keyId);
    if (!outcome.ok) return failStep(args, outcome.refusal);
    const { owner, account, status, lastUse } = outcome.value;
    await args.complete({
      outputs: {
        user_name: owner,
        account: account.name,
        status,
        last_used: lastUse.at?.toISOString() ?? NEVER_USED,
      },
    });
    run.request.done({ step: KEY_STATUS_STEP }, 'workflow step completed');
  };
}
