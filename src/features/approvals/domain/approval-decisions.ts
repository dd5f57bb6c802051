import type { Account } from '../../../kernel/accounts';
import { accountNotManaged, accountRefLabel } from '../../../kernel/account-ref';
import type { Actor } from '../../../kernel/authorization';
import { storeRefusal } from '../../../kernel/store-refusal';
import type { Clock } from '../../../kernel/types';
import { isExpired, type ApprovalRequest, type ApprovalState, type MessageRef } from './approval';
import { ruleFor, type ApprovalPolicy } from './approval-policy';
import { target, type ApprovalRecords } from './approval-records';
import type { Approvers } from './approvers';
import { ACCOUNT_NOT_MANAGED, type DeletionExecutor } from './deletion-executor';
import { StaleTransitionError, type ApprovalStore } from './ports/approval-store';
import { done, refused, type Outcome, type Refusal } from './refusals';
import { stepUpNote, type StepUpEvidence, type StepUpGate } from './step-up';

export interface DecisionsDeps {
  store: ApprovalStore;
  clock: Clock;
  policy?: ApprovalPolicy;
  records: ApprovalRecords;
  approvers: Approvers;
  executor: DeletionExecutor;
  /** approvals.stepUp: which approvals wait for a sign-in at the identity provider. */
  stepUp?: StepUpGate;
}

/** Lost races with other approvers retried before answering. */
const MAX_WRITE_RACES = 5;

/**
 * What people do to an open request: approve, reject, withdraw; and its expiry. Each is one
 * conditional write on the request's item, so a race is decided by the store.
 */
export class ApprovalDecisions {
  constructor(private readonly deps: DecisionsDeps) {}

  /**
   * `clickedOn` is the message the button was on: a click must come from the request's own stored
   * message. `note`: the approver's reason where they gave one. `stepUp`: what the approver's
   * step-up sign-in showed, where the policy asks for one (without it such an approval is refused
   * as `step-up-required`, before anything is written).
   */
  async decide(
    actor: Actor,
    requestId: string,
    verb: 'approve' | 'reject',
    clickedOn: MessageRef | undefined,
    note?: string,
    stepUp?: StepUpEvidence,
  ): Promise<Outcome<ApprovalRequest>> {
    const refuse = async (refusal: Refusal, request?: ApprovalRequest) => {
      await this.deps.records.audit(actor, verb, 'refused', {
        ...(request ? target(request) : { requestId }),
        detail: refusal.reason,
      });
      return refused<ApprovalRequest>(refusal);
    };
    // After a lost race the winner's write comes back with the error: decide again on it.
    let known: ApprovalRequest | undefined;
    for (let race = 0; race < MAX_WRITE_RACES; race++) {
      let request: ApprovalRequest | undefined = known;
      known = undefined;
      try {
        request ??= await this.deps.store.get(requestId);
      } catch (error) {
        return refused(storeRefusal(error));
      }
      if (!request) return refuse({ reason: 'no-such-request' });
      // A request without a stored message is being withdrawn: no click can have come from it.
      if (!clickedOn || !request.message || !sameMessage(clickedOn, request.message)) {
        return refuse({ reason: 'wrong-message' }, request);
      }
      const account = this.deps.approvers.accountOf(request);
      if (!(await this.deps.approvers.isApproverFor(actor, account))) {
        return refuse({ reason: 'not-approver' }, request);
      }
      // The account's approvers or the global ones; never the requester, whoever they are.
      if (actor.slackUserId === request.requestedBy) return refuse({ reason: 'self-approval' }, request);
      if (request.state !== 'PENDING')
        return refuse({ reason: 'not-pending', state: request.state }, request);
      const now = this.deps.clock.now();
      if (isExpired(request, now)) {
        await this.expire(request);
        return refuse({ reason: 'expired' }, request);
      }
      if (!account && verb === 'approve') return this.refuseUnmanaged(actor, request);
      if (request.approvals.some((approval) => approval.by === actor.slackUserId)) {
        return refuse({ reason: 'already-approved' }, request);
      }
      if (verb === 'approve' && !stepUp && this.deps.stepUp?.requiredFor(request)) {
        return refuse({ reason: 'step-up-required', requestId: request.id }, request);
      }
      try {
        const decided =
          verb === 'approve' && account
            ? await this.recordApproval(request, account, actor, now, note, stepUp)
            : await this.recordRejection(request, actor, now, note);
        return done(decided);
      } catch (error) {
        if (error instanceof StaleTransitionError) {
          known = error.current; // someone else wrote first: look again at what they wrote
          continue;
        }
        return refused(storeRefusal(error));
      }
    }
    return refuse({ reason: 'no-such-request' });
  }

  /**
   * The requester takes back a pending request (a click on its message, or from App Home, where
   * `clickedOn` is absent). Anyone else is refused and audited. One conditional write: a withdrawal
   * racing an approval is decided by the store, and the loser is told what happened instead.
   */
  async withdraw(actor: Actor, requestId: string, clickedOn?: MessageRef): Promise<Outcome<ApprovalRequest>> {
    const { records } = this.deps;
    let request: ApprovalRequest | undefined;
    try {
      request = await this.deps.store.get(requestId);
    } catch (error) {
      return refused(storeRefusal(error));
    }
    const refuse = async (refusal: Refusal) => {
      await records.audit(actor, 'withdraw', 'refused', {
        ...(request ? target(request) : { requestId }),
        detail: refusal.reason,
      });
      return refused<ApprovalRequest>(refusal);
    };
    if (!request) return refuse({ reason: 'no-such-request' });
    if (clickedOn && (!request.message || !sameMessage(clickedOn, request.message))) {
      return refuse({ reason: 'wrong-message' });
    }
    if (request.requestedBy !== actor.slackUserId) return refuse({ reason: 'not-requester' });
    if (request.state !== 'PENDING') return refuse({ reason: 'not-pending', state: request.state });
    const settled = await records.settle(request, 'WITHDRAWN', { kind: 'withdrawn', by: actor.slackUserId });
    if (!settled.stored) {
      const now = settled.lost ? settled.current : undefined;
      if (now && now.state !== 'PENDING') return refuse({ reason: 'not-pending', state: now.state });
      return refused({ reason: 'store-unavailable' });
    }
    await records.audit(actor, 'withdraw', 'ok', target(settled.request));
    await records.notify(settled.request, 'requester');
    return done(settled.request);
  }

  async expire(request: ApprovalRequest): Promise<boolean> {
    const { records } = this.deps;
    const settled = await records.settle(request, 'EXPIRED', { kind: 'expired', by: 'system' });
    if (!settled.stored) return false;
    await records.audit('system', 'expire', 'ok', target(request));
    // The requester hears of every outcome: this one nobody clicked.
    await records.notify(settled.request, 'requester');
    return true;
  }

  private async recordApproval(
    request: ApprovalRequest,
    account: Account,
    actor: Actor,
    now: Date,
    note?: string,
    stepUp?: StepUpEvidence,
  ): Promise<ApprovalRequest> {
    // The policy in force decides how many are enough, not the number stored with the request.
    const required = this.deps.policy ? ruleFor(this.deps.policy, account).required : request.required;
    const enough =
      new Set([...request.approvals.map((approval) => approval.by), actor.slackUserId]).size >= required;
    const to: ApprovalState = enough ? 'APPROVED' : 'PENDING';
    const updated = await this.deps.store.transition(
      request,
      {
        to,
        entry: {
          at: now,
          by: actor.slackUserId,
          state: to,
          note: note ? `approved: ${note}` : 'approved',
          ...(stepUp ? { stepUp } : {}),
        },
        addApproval: { by: actor.slackUserId, at: now, ...(stepUp ? { stepUp } : {}) },
      },
      { requireUnexpiredAt: now },
    );
    const detail = [stepUp ? stepUpNote(stepUp) : undefined, note].filter(Boolean).join('; ');
    await this.deps.records.audit(actor, 'approve', 'ok', {
      ...target(updated),
      ...(detail ? { detail } : {}),
    });
    if (!enough) {
      await this.deps.records.notify(updated, 'update');
      return updated;
    }
    return this.deps.executor.execute(updated, actor.slackUserId);
  }

  private async recordRejection(
    request: ApprovalRequest,
    actor: Actor,
    now: Date,
    why?: string,
  ): Promise<ApprovalRequest> {
    const { records } = this.deps;
    const updated = await this.deps.store.transition(request, {
      to: 'REJECTED',
      entry: { at: now, by: actor.slackUserId, state: 'REJECTED', ...(why ? { note: why } : {}) },
      outcome: { kind: 'rejected', by: actor.slackUserId, ...(why ? { detail: why } : {}) },
    });
    await records.release(updated);
    await records.audit(actor, 'reject', 'ok', { ...target(updated), ...(why ? { detail: why } : {}) });
    await records.notify(updated, 'update');
    await records.notify(updated, 'requester');
    return updated;
  }

  private async refuseUnmanaged(actor: Actor, request: ApprovalRequest): Promise<Outcome<ApprovalRequest>> {
    const { records } = this.deps;
    const label = accountRefLabel(request);
    const settled = await records.settle(request, 'FAILED', {
      kind: 'account-not-managed',
      by: 'system',
      detail: label,
    });
    await records.audit(actor, 'approve', 'refused', {
      ...target(request),
      detail: `${ACCOUNT_NOT_MANAGED}: ${label}`,
    });
    if (settled.stored) await records.notify(settled.request, 'requester');
    return refused(accountNotManaged(request));
  }
}

function sameMessage(a: MessageRef, b: MessageRef): boolean {
  return a.channel === b.channel && a.ts === b.ts;
}
