import type { StepUpEvidence } from '../../approvals/domain';
import type { Actor } from '../../../kernel/authorization';
import type { PendingReactivation } from './step-up-ticket';

/** How a stepped-up re-activation ended, in the words the admin reads in Slack. */
export type ReactivationOutcome = { ok: true; text: string } | { ok: false; text: string };

/**
 * What a verified re-activation ticket runs: the exposure slice (above this one) registers it at
 * its install and checks everything again (admin, incident, key) before it re-activates.
 */
export type ReactivationHandler = (
  actor: Actor,
  reactivation: PendingReactivation,
  evidence: StepUpEvidence,
) => Promise<ReactivationOutcome>;

/** The one handler a process has; none: a re-activation ticket's sign-in finds nothing to do. */
export class StepUpReactivations {
  private handler: ReactivationHandler | undefined;

  set(handler: ReactivationHandler): void {
    if (this.handler) throw new Error('a re-activation handler is already registered');
    this.handler = handler;
  }

  async complete(
    actor: Actor,
    reactivation: PendingReactivation,
    evidence: StepUpEvidence,
  ): Promise<ReactivationOutcome> {
    if (!this.handler)
      return { ok: false, text: 'Re-activation is not available here. Nothing was changed.' };
    return this.handler(actor, reactivation, evidence);
  }
}
