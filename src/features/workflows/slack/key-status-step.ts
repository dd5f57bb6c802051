import { refusalText } from '../../../platform/slack/blocks/refusal-texts';
import type { KeySteps } from '../domain/key-steps';
import { stepRequest, type StepArgs } from './step-args';
import { KEY_STATUS_STEP } from './step-ids';
import { stepInputs } from './step-inputs';
import { NEVER_USED, STEP_NEEDS_REQUESTER } from './texts';

/**
 * `key_status`: whose key, in which account, its status and last use, for whoever may see the key.
 * Outputs flow to later steps of the workflow (messages, forms): never a secret, nothing of anyone else's.
 */
export function keyStatusStep(steps: KeySteps) {
  return async (args: StepArgs): Promise<void> => {
    const { inputs, complete, fail } = args;
    const request = stepRequest(args);
    const parsed = stepInputs(inputs, { reason: false });
    if (!parsed.ok) {
      await fail({ error: parsed.error });
      return;
    }
    const actor = await request.actor();
    if (!actor) {
      await fail({ error: STEP_NEEDS_REQUESTER });
      return;
    }
    const outcome = await steps.status(actor, parsed.keyId);
    if (!outcome.ok) {
      await fail({ error: refusalText(outcome.refusal) });
      return;
    }
    const { owner, account, status, lastUse } = outcome.value;
    await complete({
      outputs: {
        user_name: owner,
        account: account.name,
        status,
        last_used: lastUse.at?.toISOString() ?? NEVER_USED,
      },
    });
    request.done({ step: KEY_STATUS_STEP }, 'workflow step completed');
  };
}
