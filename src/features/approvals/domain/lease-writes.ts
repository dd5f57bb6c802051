import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../kernel/logger';
import type { Clock } from '../../../kernel/types';
import type { ApprovalOutcome, ApprovalRequest, ApprovalState, Decider, ExecutionLease } from './approval';
import { target, type ApprovalRecords } from './approval-records';
import { StaleTransitionError, type ApprovalStore } from './ports/approval-store';

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

/** Attempts at recording how a deletion ended, once the key is gone and the record must follow. */
const FINISH_ATTEMPTS = 3;

export interface LeaseWritesDeps {
  store: ApprovalStore;
  clock: Clock;
  log: Logger;
  records: ApprovalRecords;
  /** Names this process in the leases it takes. */
  replica: string;
}

/** The request under a lease, as its holder last wrote it. */
export interface Hold {
  request: ApprovalRequest;
  readonly lease: ExecutionLease;
}

/** The writes a deletion's lease holder makes: take, renew, give back, and finish under it. */
export class LeaseWrites {
  constructor(private readonly deps: LeaseWritesDeps) {}

  /**
   * A write that bumps the request's version under the same lease, so every replica watching it
   * sees it afresh and waits LEASE_MS again; `hold` then holds the renewed request. Not stored: the
   * lease is still ours as far as anyone knows (the work left is well within LEASE_MS). Returns the
   * request as another executor left it when that one has the lease now.
   */
  async renew(hold: Hold): Promise<ApprovalRequest | undefined> {
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

  /**
   * Records the end under the lease. If the store will not take it, the request is answered as
   * it truly ended (the key is gone): the lease is abandoned and the sweep records it then.
   */
  async finish(
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
  async giveBack(
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

  newLease(by: Decider): ExecutionLease {
    const expiresAt = new Date(this.deps.clock.now().getTime() + LEASE_MS);
    return { id: randomUUID(), replica: this.deps.replica, by, expiresAt };
  }

  leaseEntry(lease: ExecutionLease, note: string) {
    return { at: this.deps.clock.now(), by: lease.by, state: 'EXECUTING' as const, note, writeId: lease.id };
  }
}
