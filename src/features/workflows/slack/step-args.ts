import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Actor } from '../../../kernel/authorization';
import type { AnyRefusal } from '../../../kernel/outcome';
import type { KeyId } from '../../../kernel/types';
import { requestOf, type RequestContext } from '../../../platform/bolt/request-context';
import { refusalText } from '../../../platform/slack/blocks/refusal-texts';
import { stepInputs } from './step-inputs';
import { STEP_NEEDS_REQUESTER } from './texts';

/** What Bolt hands a custom step's listener (app.function). */
export type StepArgs = SlackEventMiddlewareArgs<'function_executed'> & AllMiddlewareArgs;

/** A run whose inputs are well-formed and whose person is known. */
export interface StepRun {
  request: RequestContext;
  actor: Actor;
  keyId: KeyId;
  reason: string;
}

/**
 * Every step starts alike: an unexpected error fails the run with the usual sentence (so no run waits
 * for an answer that never comes); the inputs are checked before anything is asked of IAM; the person
 * is the `requester` the request middleware derived, with their rights. Undefined when the run was
 * failed here, with the sentence that says why.
 */
export async function startStep(args: StepArgs, wants: { reason: boolean }): Promise<StepRun | undefined> {
  const { context, fail, inputs } = args;
  const request = requestOf(context);
  request.answerFailureWith((reply) => fail({ error: reply.text }));
  const parsed = stepInputs(inputs, wants);
  if (!parsed.ok) {
    await fail({ error: parsed.error });
    return undefined;
  }
  const actor = await request.actor();
  if (!actor) {
    await fail({ error: STEP_NEEDS_REQUESTER });
    return undefined;
  }
  return { request, actor, keyId: parsed.keyId, reason: parsed.reason };
}

/** A refusal of the domain fails the run in the words a command would have answered with. */
export async function failStep(args: StepArgs, refusal: AnyRefusal): Promise<void> {
  await args.fail({ error: refusalText(refusal) });
}
