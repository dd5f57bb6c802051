import type { ApprovalService } from '../domain/approval-service';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { decisionText, WITHDRAWN } from './approval-texts';
import { NO_SUCH_REQUEST } from './texts';
import { refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import type { ButtonListener } from '../../../platform/bolt/action-router';
import { isUuid } from '../../../kernel/ids';
import type { StepUpPrompts } from './step-up-prompts';

/**
 * Approve / Reject on a request message; the click must come from the request's own message. An
 * approval that waits for a step-up (approvals.stepUp) is answered with the way to verify.
 */
export function decisionButton(
  verb: 'approve' | 'reject',
  approvals: Pick<ApprovalService, 'approve' | 'reject'>,
  stepUp?: StepUpPrompts,
): ButtonListener {
  return async function decide({ actor, value, clickedOn }) {
    if (!isUuid(value)) return plainReply(NO_SUCH_REQUEST);
    const who = await actor();
    const outcome = await approvals[verb](who, value, clickedOn);
    const prompt = clickedOn && (await stepUp?.answer(outcome, who, { message: clickedOn }));
    if (prompt) return prompt;
    return outcome.ok ? plainReply(decisionText(verb, outcome.value)) : refusalReply(outcome.refusal);
  };
}

/** Withdraw on a request message: only the requester; the service checks and audits. */
export function withdrawButton(approvals: Pick<ApprovalService, 'withdraw'>): ButtonListener {
  return async function withdraw({ actor, value, clickedOn }) {
    if (!isUuid(value)) return plainReply(NO_SUCH_REQUEST);
    const outcome = await approvals.withdraw(await actor(), value, clickedOn);
    return outcome.ok ? plainReply(WITHDRAWN) : refusalReply(outcome.refusal);
  };
}
