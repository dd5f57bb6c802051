import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { requestOf, type RequestContext } from '../../../platform/bolt/request-context';

/** What Bolt hands a custom step's listener (app.function). */
export type StepArgs = SlackEventMiddlewareArgs<'function_executed'> & AllMiddlewareArgs;

/**
 * The request context of a step: an unexpected error fails the run with the usual sentence, so no run
 * is left waiting for an answer that will never come.
 */
export function stepRequest({ context, fail }: StepArgs): RequestContext {
  const request = requestOf(context);
  request.answerFailureWith((reply) => fail({ error: reply.text }));
  return request;
}
