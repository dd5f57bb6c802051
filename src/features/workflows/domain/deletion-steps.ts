import type { Actor } from '../../../kernel/authorization';
import type { Logger } from '../../../kernel/logger';
import { refused, type AnyRefusal, type Outcome } from '../../../kernel/outcome';
import { storeRefusal } from '../../../kernel/store-refusal';
import type { Clock, KeyId } from '../../../kernel/types';
import type { ApprovalRequest, ApprovalService } from '../../approvals/domain';
import type { PendingStep, PendingSteps } from './ports/pending-steps';
import type { StepCompletions } from './ports/step-completions';
import { decisionOf } from './step-decision';

export interface DeletionStepsDeps {
  approvals: Pick<ApprovalService, 'request' | 'find' | 'withdraw'>;
  pending: PendingSteps;
  completions: StepCompletions;
  clock: Clock;
  log: Logger;
}

export interface StepSweepCounts {
  completed: number;
  waiting: number;
}

/** What `request_key_deletion` outputs when its request ended: run-contract names. */
export function deletionOutputs(request: ApprovalRequest): Record<string, string> | undefined {
  const decision = decisionOf(request);
  return decision && { request_id: request.id, decision };
}

/**
 * `request_key_deletion`: the normal deletion request (same rights, policy and approvals message), and
 * its run completed when the request ends, by whichever replica sees the end or by the sweep after a
 * restart. The run is stored beside the request; completing it is repeatable (Slack refuses a second
 * completion, which counts as done), so nothing is lost and nothing is done twice.
 */
export class DeletionSteps {
  constructor(private readonly deps: DeletionStepsDeps) {}

  async request(
    actor: Actor,
    keyId: KeyId,
    reason: string,
    executionId: string,
  ): Promise<Outcome<ApprovalRequest, AnyRefusal>> {
    const { approvals, pending, clock, log } = this.deps;
    const outcome = await approvals.request(actor, keyId, reason);
    if (!outcome.ok) return outcome;
    const request = outcome.value;
    try {
      await pending.add({
        requestId: request.id,
        executionId,
        requestedBy: actor.slackUserId,
        createdAt: clock.now(),
      });
    } catch (error) {
      // A run nobody would complete is worse than a refusal: the request is taken back and the step fails.
      log.error(
        { err: error, requestId: request.id },
        'the workflow run could not be stored with its request',
      );
      const withdrawn = await approvals.withdraw(actor, request.id);
      if (!withdrawn.ok) log.error({ requestId: request.id }, 'and the request could not be withdrawn');
      return refused(storeRefusal(error));
    }
    return outcome;
  }

  /** A request ended (RequestEndings): its waiting run, if any, completes with the decision. */
  async ended(request: ApprovalRequest): Promise<void> {
    const step = await this.deps.pending.waitingOn(request.id);
    if (step) await this.complete(step, request);
  }

  /** Runs whose request ended while no replica could complete them (a restart, Slack down at the time). */
  async sweep(): Promise<StepSweepCounts> {
    let completed = 0;
    let waiting = 0;
    for (const step of await this.deps.pending.waiting()) {
      try {
        const request = await this.deps.approvals.find(step.requestId);
        if (await this.complete(step, request)) completed++;
        else waiting++;
      } catch (error) {
        waiting++;
        this.deps.log.warn(
          { err: error, requestId: step.requestId },
          'a workflow run could not be completed yet',
        );
      }
    }
    return { completed, waiting };
  }

  /** True when the run is done with; false while its request is open. Throws on a Slack or store fault. */
  private async complete(step: PendingStep, request: ApprovalRequest | undefined): Promise<boolean> {
    // A request the table no longer holds (kept 400 days) cannot be decided any more: it failed.
    const outputs = request ? deletionOutputs(request) : { request_id: step.requestId, decision: 'failed' };
    if (!outputs) return false;
    const answer = await this.deps.completions.succeed(step.executionId, outputs);
    await this.deps.pending.close(
      step.requestId,
      answer === 'gone' ? 'gone' : (outputs.decision ?? ''),
      this.deps.clock.now(),
    );
    this.deps.log.info(
      { requestId: step.requestId, decision: outputs.decision, answer },
      'workflow step completed',
    );
    return true;
  }
}
