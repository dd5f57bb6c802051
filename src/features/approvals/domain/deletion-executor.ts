import type { Logger } from '../../../kernel/logger';
import { accountRefLabel, managedAccountOf } from '../../../kernel/account-ref';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import type { People } from '../../../kernel/ports/people';
import type { Clock } from '../../../kernel/types';
import type { ApprovalOutcome, ApprovalRequest, ApprovalState, Decider, ExecutionLease } from './approval';
import { ruleFor, type ApprovalPolicy } from './approval-policy';
import { target, type ApprovalRecords } from './approval-records';
import { StaleTransitionError, type ApprovalStore } from './ports/approval-store';
import { deleteKey } from './key-deletion';
import { LeaseWatch } from './lease-watch';
import { LEASE_MS, LeaseWrites, type Hold } from './lease-writes';
import { twoPersonViolation, violationDetail } from './two-person-rule';

export { LEASE_MS } from './lease-writes';

/** The rule violation's audit detail, for reviews to search on. */
export const RULE_VIOLATED = 'two-person-rule-violated';
/** The audit detail of a deletion refused because its account left the policy. */
export const ACCOUNT_NOT_MANAGED = 'account-not-managed';

export interface ExecutorDeps {
  accounts: IamAccounts;
  store: ApprovalStore;
  clock: Clock;
  log: Logger;
  records: ApprovalRecords;
  /** Names this process in the leases it takes. */
  replica: string;
  /** The policy in force: how many approvers, and who may approve, for each account. */
  policy?: ApprovalPolicy;
  /** Who holds an approvers list, asked again at the moment of deletion. */
  people?: Pick<People, 'membership'>;
}

/**
 * Carries out approved deletions. Only the holder of a request's lease calls DeleteAccessKey: the
 * lease is one conditional write APPROVED -> EXECUTING, so two approvers, a double click, two
 * replicas or the sweep can never delete twice; every later write of the holder names its lease.
 */
export class DeletionExecutor {
  private readonly leases: LeaseWatch;
  private readonly writes: LeaseWrites;

  constructor(private readonly deps: ExecutorDeps) {
    this.leases = new LeaseWatch(deps.clock, LEASE_MS);
    this.writes = new LeaseWrites(deps);
  }

  /** `request` is APPROVED; `by` is whose decision this carries out. */
  async execute(request: ApprovalRequest, by: Decider): Promise<ApprovalRequest> {
    const lease = this.writes.newLease(by);
    let leased: ApprovalRequest;
    try {
      leased = await this.deps.store.transition(request, {
        to: 'EXECUTING',
        entry: this.writes.leaseEntry(lease, `lease taken by ${this.deps.replica}`),
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
   * The sweep's EXECUTING requests: those whose lease this replica has watched unchanged for
   * LEASE_MS of its own time are taken over, one by one; the others are only watched.
   */
  async takeOverAbandoned(executing: readonly ApprovalRequest[]): Promise<ApprovalRequest[]> {
    const finished: ApprovalRequest[] = [];
    for (const request of this.leases.abandoned(executing)) finished.push(await this.takeOver(request));
    return finished;
  }

  /**
   * `request` is EXECUTING and its holder has not written for LEASE_MS: it crashed, or its answer
   * was lost to the store. The take-over names the lease and the version seen, so it fails if the
   * holder wrote since (a renewal) and of several sweeps only one succeeds; it carries on under
   * the old holder's name: it finishes their decision.
   */
  private async takeOver(request: ApprovalRequest): Promise<ApprovalRequest> {
    const previous = request.lease;
    const lease = this.writes.newLease(previous?.by ?? 'system');
    let leased: ApprovalRequest;
    try {
      leased = await this.deps.store.transition(
        request,
        {
          to: 'EXECUTING',
          entry: this.writes.leaseEntry(lease, `lease taken over from ${previous?.replica ?? 'nobody'}`),
          lease,
        },
        previous ? { requireLease: previous.id } : {},
      );
    } catch (error) {
      if (error instanceof StaleTransitionError) return error.current ?? request;
      this.deps.log.error(
        { err: error, requestId: request.id },
        'an abandoned deletion lease could not be taken over',
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
    const { records, accounts, policy, people } = this.deps;
    // The account by its id where known: a renamed account is still itself, a removed one is refused.
    const account = managedAccountOf(leased, accounts.all());
    if (!account) return this.refuseUnmanaged(leased, lease);
    const rule = policy ? ruleFor(policy, account) : { required: 0, approvers: [] };
    const violation = await twoPersonViolation(leased, rule, people);
    if (violation) {
      const detail = violationDetail(violation);
      this.deps.log.error(
        { requestId: leased.id, violation: detail },
        'refusing a deletion that breaks the two-person rule',
      );
      const failed = await this.writes.finish(leased, lease, 'FAILED', {
        kind: 'two-person-rule-violated',
        by: 'system',
        detail,
      });
      await records.audit('system', 'delete', 'refused', {
        ...target(leased),
        detail: `${RULE_VIOLATED}: ${detail}`,
      });
      await records.notify(failed, 'requester');
      return failed;
    }
    // The approver's click runs in the approver's session (CloudTrail names them); a sweep's
    // take-over is work nobody clicked, and runs as keywarden.
    const hold: Hold = { request: leased, lease };
    const deletion = await deleteKey({
      request: leased,
      by: lease.by,
      iam: () => accounts.iam(account, tookOver ? 'system' : lease.by),
      tookOver,
      renew: () => this.writes.renew(hold),
      log: this.deps.log,
    });
    if (!deletion.done && 'lost' in deletion) return deletion.lost;
    if (!deletion.done && 'unanswered' in deletion) {
      return this.writes.giveBack(hold.request, lease, deletion.unanswered, deletion.error);
    }
    const [to, outcome]: [ApprovalState, ApprovalOutcome] = deletion.done
      ? ['EXECUTED', deletion.outcome]
      : ['FAILED', deletion.failed];
    const finished = await this.writes.finish(hold.request, lease, to, outcome);
    await records.audit(lease.by, 'delete', to === 'EXECUTED' ? 'ok' : 'failed', {
      ...target(leased),
      detail: `${outcome.kind}${outcome.detail ? `: ${outcome.detail}` : ''}${tookOver ? ' (finished by the sweep)' : ''}`,
    });
    await records.notify(finished, 'requester');
    return finished;
  }

  /** The request's account left the policy: nothing is done, in it or in any other account. */
  private async refuseUnmanaged(leased: ApprovalRequest, lease: ExecutionLease): Promise<ApprovalRequest> {
    const label = accountRefLabel(leased);
    this.deps.log.error(
      { requestId: leased.id, account: label },
      'refusing a deletion in an account no longer managed',
    );
    const failed = await this.writes.finish(leased, lease, 'FAILED', {
      kind: 'account-not-managed',
      by: 'system',
      detail: label,
    });
    await this.deps.records.audit('system', 'delete', 'refused', {
      ...target(leased),
      detail: `${ACCOUNT_NOT_MANAGED}: ${label}`,
    });
    await this.deps.records.notify(failed, 'requester');
    return failed;
  }
}
