import type { Actor } from '../../../kernel/authorization';
import type { PendingDecision } from '../domain/step-up';
import type { Outcome, Refusal } from '../domain/refusals';
import type { ApprovalRequest } from '../domain/approval';
import type { Reply } from '../../../platform/slack/blocks/primitives';

/** The approver's answer to an approval that waits for a step-up: the way to verify (the stepup slice's). */
export type StepUpPrompt = (actor: Actor, decision: PendingDecision) => Promise<Reply>;

/**
 * Where the stepup slice registers its prompt at install (the approvals slice sits below it). An
 * Approve click, or an Approve-with-note submission, refused as `step-up-required` is answered by it.
 */
export class StepUpPrompts {
  private prompt: StepUpPrompt | undefined;

  set(prompt: StepUpPrompt): void {
    if (this.prompt) throw new Error('a step-up prompt is already registered');
    this.prompt = prompt;
  }

  /** The prompt's answer where this outcome waits for a step-up and one is registered; else undefined. */
  async answer(
    outcome: Outcome<ApprovalRequest>,
    actor: Actor,
    decision: Omit<PendingDecision, 'requestId'>,
  ): Promise<Reply | undefined> {
    if (outcome.ok || !this.prompt) return undefined;
    const refusal: Refusal = outcome.refusal;
    if (refusal.reason !== 'step-up-required') return undefined;
    return this.prompt(actor, { ...decision, requestId: refusal.requestId });
  }
}
