import { randomUUID } from 'node:crypto';
import { KeywardenError } from '../../errors';
import type { Logger } from '../../logger';
import type { IamAccounts } from '../ports/accounts';
import { accountOfRequest } from './approval';
import type { Clock } from '../types';
import type { ApprovalOutcome, ApprovalRequest, ApprovalState, Decider, ExecutionLease } from './approval';
import { target, type ApprovalRecords } from './approval-records';
import { StaleTransitionError, type ApprovalStore } from '../ports/approval-store';
import { twoPersonViolation } from './two-person-rule';

/**
 * How long a lease on a deletion lasts. It must outlive everything its holder does while holding
 * it, or a second executor could start while the first one's DeleteAccessKey is still in flight.
 * DeleteAccessKey is sent once (src/aws/iam-adapter.ts), with at most 3 s to connect plus 10 s to
 * answer: about 13 s for the slowest delete that can still land. The writes after
 * it go through the DynamoDB client (4 attempts of at most 2 s + 5 s, about 30 s a write), and the
 * finishing write is tried 3 times: under three minutes for all a holder does. Five minutes is well
 * above that and longer than the sweep's 60 s period, so a sweep never takes over from a holder that
 * is merely slow; a holder that crashed holds the deletion back five minutes at most, which a
 * deletion request can afford.
 */
export const LEASE_MS = 5 * 60_000;

/** The rule violation's audit detail, for reviews to search on. */
export const RULE_VIOLATED = 'two-person-rule-violated';

export interface ExecutorDeps {
  accounts: IamAccounts;
  store: ApprovalStore;
  clock: Clock;
  log: Logger;
  records: ApprovalRecords;
  /** Names this process in the leases it takes. */
  replica: string;
}

/** Attempts at recording how a deletion ended, once the key is gone and the record must follow. */
const FINISH_ATTEMPTS = 3;

/**
 * Carries out approved deletions. Only the holder of a request's lease calls DeleteAccessKey: the
 * lease is one conditional write APPROVED -> EXECUTING, so two approvers, a double click, two
 * replicas or the sweep can never delete twice; every later write of the holder names its lease.
 */
export class DeletionExecutor {
  constructor(private readonly deps: ExecutorDeps) {}

  /** `request` is APPROVED; `by` is whose decision this carries out. */
  async execute(request: ApprovalRequest, by: Decider): Promise<ApprovalRequest> {
    const lease = this.newLease(by);
    let leased: ApprovalRequest;
    try {
      leased = await this.deps.store.transition(request, {
        to: 'EXECUTING',
        entry: this.leaseEntry(lease, `lease taken by ${this.deps.replica}`),
        lease,
      });
    } catch (error) {
      if (error instanceof StaleTransitionError) return error.current ?? request; // another executor has it
      // The request stays APPROVED; the sweep tries again.
      this.deps.log.error({ err: error, requestId: request.id }, 'the deletion lease could not be taken');
      return request;
    }
    return this.carryOut(leased, lease, false);
  }

  /**
   * `request` is EXECUTING and its lease has run out: its holder crashed, or its answer was lost
   * to the store. The take-over names the old lease, so of several sweeps only one succeeds, and
   * it carries on under the old holder's name: it finishes their decision.
   */
  async takeOver(request: ApprovalRequest): Promise<ApprovalRequest> {
    const previous = request.lease;
    const lease = this.newLease(previous?.by ?? 'system');
    let leased: ApprovalRequest;
    try {
      leased = await this.deps.store.transition(
        request,
        {
          to: 'EXECUTING',
          entry: this.leaseEntry(lease, `lease taken over from ${previous?.replica ?? 'nobody'}`),
          lease,
        },
        { ...(previous ? { requireLease: previous.id } : {}), requireLeaseExpiredAt: this.deps.clock.now() },
      );
    } catch (error) {
      if (error instanceof StaleTransitionError) return error.current ?? request;
      this.deps.log.error(
        { err: error, requestId: request.id },
        'an expired deletion lease could not be taken over',
      );
      return request;
    }
    return this.carryOut(leased, lease, true);
  }

  private async carryOut(
    leased: ApprovalRequest,
    lease: ExecutionLease,
    tookOver: boolean,
  ): Promise<ApprovalRequest> {
    const { records } = this.deps;
    const violation = twoPersonViolation(leased);
    if (violation) {
      this.deps.log.error(
        { requestId: leased.id, violation },
        'refusing a deletion that breaks the two-person rule',
      );
      const failed = await this.finish(leased, lease, 'FAILED', {
        kind: 'two-person-rule-violated',
        by: 'system',
        detail: violation,
      });
      await records.audit('system', 'delete', 'refused', {
        ...target(leased),
        detail: `${RULE_VIOLATED}: ${violation}`,
      });
      return failed;
    }
    let to: ApprovalState = 'EXECUTED';
    let outcome: ApprovalOutcome = { kind: 'deleted', by: lease.by };
    try {
      // The approver's click runs in the approver's session (CloudTrail names them); a sweep's
      // take-over is work nobody clicked, and runs as keywarden.
      const caller = tookOver ? 'system' : lease.by;
      const { accounts } = this.deps;
      await accounts
        .iam(accountOfRequest(leased, accounts.all()), caller)
        .deleteKey(leased.owner, leased.keyId);
    } catch (error) {
      const code = error instanceof KeywardenError ? error.code : 'UNEXPECTED';
      if (code === 'IAM_NOT_FOUND') {
        // After a take-over the old holder most likely deleted it and could not record it.
        outcome = { kind: tookOver ? 'deleted' : 'already-gone', by: lease.by };
      } else if (code === 'IAM_THROTTLED' || code === 'IAM_UNAVAILABLE' || code === 'ACCOUNT_UNAVAILABLE') {
        return this.giveBack(leased, lease, code, error);
      } else {
        to = 'FAILED';
        outcome = {
          kind: 'deletion-failed',
          by: lease.by,
          detail: code === 'IAM_ACCESS_DENIED' ? 'access denied in IAM' : 'unexpected error',
        };
        this.deps.log.error({ err: error, requestId: leased.id }, 'deletion failed');
      }
    }
    const finished = await this.finish(leased, lease, to, outcome);
    await records.audit(lease.by, 'delete', to === 'EXECUTED' ? 'ok' : 'failed', {
      ...target(leased),
      detail: `${outcome.kind}${outcome.detail ? `: ${outcome.detail}` : ''}${tookOver ? ' (finished by the sweep)' : ''}`,
    });
    await records.notify(finished, 'requester');
    return finished;
  }

  /**
   * Records the end under the lease. If the store will not take it, the request is answered as
   * it truly ended (the key is gone): the lease runs out and the sweep records it then.
   */
  private async finish(
    leased: ApprovalRequest,
    lease: ExecutionLease,
    to: ApprovalState,
    outcome: ApprovalOutcome,
  ): Promise<ApprovalRequest> {
    const settled = await this.deps.records.settle(leased, to, outcome, {
      conditions: { requireLease: lease.id },
      attempts: FINISH_ATTEMPTS,
    });
    if (settled.stored) return settled.request;
    if (settled.lost) return settled.current ?? leased;
    this.deps.log.error(
      { requestId: leased.id, to },
      'the deletion is done but could not be recorded; the sweep records it once the lease runs out',
    );
    const asItEnded = { ...leased, state: to, outcome };
    await this.deps.records.notify(asItEnded, 'update');
    return asItEnded;
  }

  /** IAM could not be reached: the delete is safe to repeat, so the sweep tries again later. */
  private async giveBack(
    leased: ApprovalRequest,
    lease: ExecutionLease,
    code: string,
    error: unknown,
  ): Promise<ApprovalRequest> {
    this.deps.log.warn({ err: error, requestId: leased.id }, 'deletion deferred to the sweep');
    await this.deps.records.audit(lease.by, 'delete', 'failed', {
      ...target(leased),
      detail: `${code}; will retry`,
    });
    try {
      return await this.deps.store.transition(
        leased,
        {
          to: 'APPROVED',
          entry: {
            at: this.deps.clock.now(),
            by: lease.by,
            state: 'APPROVED',
            note: `lease given back: ${code}`,
          },
          lease: null,
        },
        { requireLease: lease.id },
      );
    } catch (giveBackError) {
      // Left EXECUTING, the lease runs out and the sweep takes it over: later, but just as safe.
      this.deps.log.warn(
        { err: giveBackError, requestId: leased.id },
        'the deletion lease could not be given back',
      );
      return leased;
    }
  }

  private newLease(by: Decider): ExecutionLease {
    const expiresAt = new Date(this.deps.clock.now().getTime() + LEASE_MS);
    return { id: randomUUID(), replica: this.deps.replica, by, expiresAt };
  }

  private leaseEntry(lease: ExecutionLease, note: string) {
    return { at: this.deps.clock.now(), by: lease.by, state: 'EXECUTING' as const, note, writeId: lease.id };
  }
}
