import { randomUUID } from 'node:crypto';
import { KeywardenError } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import { accountLabel, type Account } from '../../../kernel/accounts';
import { managedAccountOf } from '../../../kernel/account-ref';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import type { IamPort } from '../../../kernel/ports/iam';
import type { People } from '../../../kernel/ports/people';
import type { Clock } from '../../../kernel/types';
import type { ApprovalOutcome, ApprovalRequest, ApprovalState, Decider, ExecutionLease } from './approval';
import { ruleFor, type ApprovalPolicy } from './approval-policy';
import { target, type ApprovalRecords } from './approval-records';
import { StaleTransitionError, type ApprovalStore } from './ports/approval-store';
import { LeaseWatch } from './lease-watch';
import { twoPersonViolation, violationDetail } from './two-person-rule';

/**
 * How long a lease on a deletion lasts: how long another replica must have watched it unchanged,
 * on its own clock, before it takes it over (LeaseWatch). It must outlive everything its holder
 * does between two writes, or a second executor could start while the first one's DeleteAccessKey
 * is still in flight. DeleteAccessKey is sent once (src/platform/aws/iam-adapter.ts), with at most 3 s to
 * connect plus 10 s to answer: about 13 s for the slowest delete that can still land; an unclear
 * one is sent once more and may be followed by a ListAccessKeys (under a minute for the three),
 * after the holder renewed its lease. The writes after it go through the DynamoDB client (4
 * attempts of at most 2 s + 5 s, about 30 s a write), and the finishing write is tried 3 times:
 * under three minutes for all a holder does after its last write. Five minutes is well above that
 * and longer than the sweep's 60 s period, so a sweep never takes over from a holder that is
 * merely slow; a holder that crashed holds the deletion back five minutes (and a sweep period)
 * after a replica first saw its lease, which a deletion request can afford.
 */
export const LEASE_MS = 5 * 60_000;

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

/** Attempts at recording how a deletion ended, once the key is gone and the record must follow. */
const FINISH_ATTEMPTS = 3;
/** A pause before repeating a DeleteAccessKey whose answer was unclear (throttling wants one). */
const RETRY_PAUSE_MS = 300;

/** What came of asking IAM to delete the key. */
type Deletion =
  | { done: true; outcome: ApprovalOutcome }
  | { done: false; failed: ApprovalOutcome }
  /** IAM did not answer, even when asked again: the sweep tries later. */
  | { done: false; unanswered: string; error: unknown }
  /** Another executor took the lease while this one was asking: it decides now. */
  | { done: false; lost: ApprovalRequest };

/**
 * Carries out approved deletions. Only the holder of a request's lease calls DeleteAccessKey: the
 * lease is one conditional write APPROVED -> EXECUTING, so two approvers, a double click, two
 * replicas or the sweep can never delete twice; every later write of the holder names its lease.
 */
export class DeletionExecutor {
  private readonly leases: LeaseWatch;

  constructor(private readonly deps: ExecutorDeps) {
    this.leases = new LeaseWatch(deps.clock, LEASE_MS);
  }

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
      const failed = await this.finish(leased, lease, 'FAILED', {
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
    const deletion = await this.deleteKey(hold, account, tookOver);
    if (!deletion.done && 'lost' in deletion) return deletion.lost;
    if (!deletion.done && 'unanswered' in deletion) {
      return this.giveBack(hold.request, lease, deletion.unanswered, deletion.error);
    }
    const [to, outcome]: [ApprovalState, ApprovalOutcome] = deletion.done
      ? ['EXECUTED', deletion.outcome]
      : ['FAILED', deletion.failed];
    const finished = await this.finish(hold.request, lease, to, outcome);
    await records.audit(lease.by, 'delete', to === 'EXECUTED' ? 'ok' : 'failed', {
      ...target(leased),
      detail: `${outcome.kind}${outcome.detail ? `: ${outcome.detail}` : ''}${tookOver ? ' (finished by the sweep)' : ''}`,
    });
    await records.notify(finished, 'requester');
    return finished;
  }

  /**
   * DeleteAccessKey, and after an unclear failure (IAM throttled, a 5xx, a reset connection: IAM
   * may have deleted the key and lost its answer) the same call once more, since a deletion can be
   * repeated and a second NoSuchEntity means the first one did it; if that is unclear too, the
   * owner's keys are listed. Only when IAM cannot tell either way does the sweep try later.
   */
  private async deleteKey(hold: Hold, account: Account, tookOver: boolean): Promise<Deletion> {
    const { request, lease } = hold;
    // Asked for each call: getting the session is itself a call that can fail (ACCOUNT_UNAVAILABLE).
    const iam = () => this.deps.accounts.iam(account, tookOver ? 'system' : lease.by);
    const deleted: Deletion = { done: true, outcome: { kind: 'deleted', by: lease.by } };
    const first = await attempt(() => iam().deleteKey(request.owner, request.keyId));
    if (first === 'ok') return deleted;
    if (first.code === 'IAM_NOT_FOUND') {
      // After a take-over the old holder most likely deleted it and could not record it.
      return { done: true, outcome: { kind: tookOver ? 'deleted' : 'already-gone', by: lease.by } };
    }
    if (first.code === 'ACCOUNT_UNAVAILABLE')
      return { done: false, unanswered: first.code, error: first.error };
    if (!isUnclear(first.code)) return { done: false, failed: this.failure(request, lease, first) };

    // The answer may be lost, not the deletion: look again before anyone is told "retry later".
    const lost = await this.renew(hold);
    if (lost) return { done: false, lost };
    await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    const again = await attempt(() => iam().deleteKey(request.owner, request.keyId));
    if (again === 'ok' || again.code === 'IAM_NOT_FOUND') return deleted;
    if (!isUnclear(again.code)) return { done: false, failed: this.failure(request, lease, again) };
    if (await isGone(iam, request)) return deleted;
    return { done: false, unanswered: first.code, error: again.error };
  }

  private failure(leased: ApprovalRequest, lease: ExecutionLease, failed: Failed): ApprovalOutcome {
    this.deps.log.error({ err: failed.error, requestId: leased.id }, 'deletion failed');
    return {
      kind: 'deletion-failed',
      by: lease.by,
      detail: failed.code === 'IAM_ACCESS_DENIED' ? 'access denied in IAM' : 'unexpected error',
    };
  }

  /**
   * A write that bumps the request's version under the same lease, so every replica watching it
   * sees it afresh and waits LEASE_MS again; `hold` then holds the renewed request. Not stored: the
   * lease is still ours as far as anyone knows (the work left is well within LEASE_MS). Returns the
   * request as another executor left it when that one has the lease now.
   */
  private async renew(hold: Hold): Promise<ApprovalRequest | undefined> {
    const now = this.deps.clock.now();
    try {
      hold.request = await this.deps.store.transition(
        hold.request,
        {
          to: 'EXECUTING',
          entry: {
            at: now,
            by: hold.lease.by,
            state: 'EXECUTING',
            note: 'lease renewed: IAM did not answer clearly',
          },
          lease: { ...hold.lease, expiresAt: new Date(now.getTime() + LEASE_MS) },
        },
        { requireLease: hold.lease.id },
      );
      return undefined;
    } catch (error) {
      if (error instanceof StaleTransitionError) return error.current ?? hold.request;
      this.deps.log.warn(
        { err: error, requestId: hold.request.id },
        'the deletion lease could not be renewed',
      );
      return undefined;
    }
  }

  /** The request's account left the policy: nothing is done, in it or in any other account. */
  private async refuseUnmanaged(leased: ApprovalRequest, lease: ExecutionLease): Promise<ApprovalRequest> {
    const label = accountLabel({ name: leased.account ?? 'default', id: leased.accountId });
    this.deps.log.error(
      { requestId: leased.id, account: label },
      'refusing a deletion in an account no longer managed',
    );
    const failed = await this.finish(leased, lease, 'FAILED', {
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

  /**
   * Records the end under the lease. If the store will not take it, the request is answered as
   * it truly ended (the key is gone): the lease is abandoned and the sweep records it then.
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
      'the deletion is done but could not be recorded; the sweep records it once the lease is abandoned',
    );
    const asItEnded = { ...leased, state: to, outcome };
    await this.deps.records.notify(asItEnded, 'update');
    return asItEnded;
  }

  /**
   * IAM could not be reached, even when asked again: the delete is safe to repeat, so the lease
   * is given back and the sweep tries again later. The message says so now, not after the sweep.
   */
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
    const deferred: ApprovalOutcome = { kind: 'deferred', by: lease.by, detail: code };
    let given: ApprovalRequest;
    try {
      given = await this.deps.store.transition(
        leased,
        {
          to: 'APPROVED',
          entry: {
            at: this.deps.clock.now(),
            by: lease.by,
            state: 'APPROVED',
            note: `lease given back: ${code}`,
          },
          outcome: deferred,
          lease: null,
        },
        { requireLease: lease.id },
      );
    } catch (giveBackError) {
      if (giveBackError instanceof StaleTransitionError) return giveBackError.current ?? leased;
      // Left EXECUTING, the lease is abandoned and the sweep takes it over: later, but just as safe.
      this.deps.log.warn(
        { err: giveBackError, requestId: leased.id },
        'the deletion lease could not be given back',
      );
      given = { ...leased, state: 'APPROVED', outcome: deferred };
    }
    await this.deps.records.notify(given, 'update');
    return given;
  }

  private newLease(by: Decider): ExecutionLease {
    const expiresAt = new Date(this.deps.clock.now().getTime() + LEASE_MS);
    return { id: randomUUID(), replica: this.deps.replica, by, expiresAt };
  }

  private leaseEntry(lease: ExecutionLease, note: string) {
    return { at: this.deps.clock.now(), by: lease.by, state: 'EXECUTING' as const, note, writeId: lease.id };
  }
}

/** The request under a lease, as its holder last wrote it. */
interface Hold {
  request: ApprovalRequest;
  readonly lease: ExecutionLease;
}

interface Failed {
  code: string;
  error: unknown;
}

/** Whether the owner's keys are listed without this one (or the owner is gone); false when IAM cannot say. */
async function isGone(iam: () => IamPort, request: ApprovalRequest): Promise<boolean> {
  try {
    const keys = await iam().listKeys(request.owner);
    return !keys.some((key) => key.keyId === request.keyId);
  } catch (error) {
    return error instanceof KeywardenError && error.code === 'IAM_NOT_FOUND';
  }
}

/** Runs one IAM call; its failure as a code, for the decisions above. */
async function attempt(call: () => Promise<unknown>): Promise<'ok' | Failed> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    return { code: error instanceof KeywardenError ? error.code : 'UNEXPECTED', error };
  }
}

/** Failures after which IAM may or may not have acted. */
function isUnclear(code: string): boolean {
  return code === 'IAM_THROTTLED' || code === 'IAM_UNAVAILABLE' || code === 'IAM_UNCLEAR';
}
