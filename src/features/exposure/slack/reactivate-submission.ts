import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { IncidentActions } from '../domain/incident-actions';
import type { ReactivationHandler, StepUpApi } from '../../stepup';
import type { Reply } from '../../../platform/slack/blocks/primitives';
import { KEY_ID, type KeyId } from '../../../kernel/types';
import { MAX_REASON_LENGTH } from '../../../kernel/user-text';
import { requestOf } from '../../../platform/bolt/request-context';
import { outcomeNotice } from '../../../platform/slack/blocks/outcome-reply';
import { decodeJson } from '../../../platform/slack/json-value';
import { userTextInputError } from '../../../platform/slack/user-text-input';
import { REACTIVATE_BLOCK, REACTIVATE_INPUT } from './action-ids';
import { reactivatedText } from './texts';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const metadataSchema = z
  .object({
    k: z.string().regex(KEY_ID),
    c: z
      .string()
      .regex(/^[CGD][A-Z0-9]{2,30}$/)
      .optional(),
  })
  .strict();

const SAY_WHY = 'Say why: the card and the audit trail show it.';

/**
 * The Re-activate… modal's submission: a reason is required (answered in the modal); then the
 * rights are checked again on the server (the modal proves nothing), the key goes on, the card
 * says who and why. The answer is an ephemeral message in the card's channel. Where the policy
 * asks for a step-up (approvals.stepUp.for: reactivate-exposed), the answer is instead the
 * stepup slice's "Verify with ..." link, its ticket bound to this key, incident and reason.
 */
export function reactivateSubmission(
  actions: Pick<IncidentActions, 'reactivate'>,
  stepUp?: Pick<StepUpApi, 'promptReactivation'>,
) {
  return async function submitReactivation({ ack, view, client, context }: ViewArgs) {
    const typed = view.state.values[REACTIVATE_BLOCK]?.[REACTIVATE_INPUT]?.value ?? '';
    const why = typed.trim();
    const problem = userTextInputError(typed, MAX_REASON_LENGTH) ?? (why === '' ? SAY_WHY : undefined);
    if (problem) {
      await ack({ response_action: 'errors', errors: { [REACTIVATE_BLOCK]: problem } });
      return;
    }
    await ack();
    const request = requestOf(context);
    const metadata = decodeJson(metadataSchema, view.private_metadata);
    const userId = request.slackUserId;
    if (!metadata || !userId) {
      request.log.warn('a re-activation modal came back unreadable; nothing was changed');
      return;
    }
    const channel = metadata.c;
    const answer = async (reply: Pick<Reply, 'text'> & Partial<Reply>) => {
      if (!channel) return;
      try {
        await client.chat.postEphemeral({ channel, user: userId, text: reply.text, blocks: reply.blocks });
      } catch (error) {
        request.log.warn({ err: error }, 'the re-activation answer could not be delivered');
      }
    };
    request.answerFailureWith((reply) => answer({ text: reply.text }));
    const actor = await request.actor();
    if (!actor) return;
    const outcome = await actions.reactivate(actor, metadata.k as KeyId, why);
    request.done({}, 're-activation submitted');
    if (!outcome.ok && outcome.refusal.reason === 'reactivation-step-up-required' && stepUp && channel) {
      const { keyId, incidentOpenedAt } = outcome.refusal;
      await answer(await stepUp.promptReactivation(actor, { keyId, incidentOpenedAt, why, channel }));
      return;
    }
    const reply = outcomeNotice(outcome, (incident) => reactivatedText(incident.keyId));
    if (reply.refused) request.refused();
    await answer({ text: reply.text });
  };
}

/**
 * What the stepup slice runs once the admin's sign-in held: the same re-activation, with the
 * sign-in's evidence and the incident the ticket was issued for; the words the admin reads.
 */
export function steppedUpReactivation(actions: Pick<IncidentActions, 'reactivate'>): ReactivationHandler {
  return async function reactivateSteppedUp(actor, { keyId, incidentOpenedAt, why }, evidence) {
    const outcome = await actions.reactivate(actor, keyId, why, { evidence, incidentOpenedAt });
    return {
      ok: outcome.ok,
      text: outcomeNotice(outcome, (incident) => reactivatedText(incident.keyId)).text,
    };
  };
}
