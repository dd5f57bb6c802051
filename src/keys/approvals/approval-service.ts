import { randomUUID } from 'node:crypto';
import { mayApprove, mayManage, type Actor } from '../../access/actor';
import { KeywardenError } from '../../errors';
import type { Logger } from '../../logger';
import type { AuditAction, AuditLog } from '../audit/audit-event';
import { recordAfterTheFact } from '../audit/safe-audit';
import type { IamPort } from '../iam-port';
import { iamRefusal } from '../iam-refusal';
import { done, refused, type Outcome, type Refusal } from '../outcome';
import { storeRefusal } from '../store-refusal';
import type { Clock, KeyId } from '../types';
import {
  isExpired,
  OPEN_STATES,
  type ApprovalRequest,
  type ApprovalState,
  type MessageRef,
} from './approval';
import type { ApprovalNotifier } from './approval-notifier';
import { StaleTransitionError, type ApprovalStore } from './approval-store';

export interface ApprovalPolicy {
  channel: string;
  required: number;
  expiresAfterHours: number;
}

export interface ApprovalDeps {
  iam: IamPort;
  store: ApprovalStore;
  notifier: ApprovalNotifier;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  policy?: ApprovalPolicy;
}

/** A sweep leaves an APPROVED request this long to the click that approved it before finishing it. */
export const SWEEP_GRACE_MS = 2 * 60_000;
/** Lost races with other approvers retried before answering. */
const MAX_WRITE_RACES = 5;

/**
 * Two-person deletion. Each step is one conditional write on the request's item, so double
 * clicks, simultaneous approvers and several replicas delete a key once. The key is deleted
 * only after APPROVED is stored; a crash in between is finished by the sweep.
 */
export class ApprovalService {
  constructor(private readonly deps: ApprovalDeps) {}

  async request(actor: Actor, keyId: KeyId, reason?: string): Promise<Outcome<ApprovalRequest>> {
    const { iam, store, clock, policy } = this.deps;
    if (!policy) return refused({ reason: 'approvals-not-configured' });
    let snapshot;
    try {
      const { owner, lastUse } = await iam.lastUse(keyId);
      if (!mayManage(actor, owner)) {
        await this.audit(actor, 'request-deletion', 'refused', { owner, keyId, detail: 'not-allowed' });
        return refused({ reason: 'not-allowed' });
      }
      const key = (await iam.listKeys(owner)).find((candidate) => candidate.keyId === keyId);
      if (!key) return refused({ reason: 'no-such-key', keyId });
      snapshot = { owner, key, lastUse };
    } catch (error) {
      return refused(iamRefusal(error, { reason: 'no-such-key', keyId }));
    }
    const now = clock.now();
    const request: ApprovalRequest = {
      id: randomUUID(),
      state: 'PENDING',
      keyId,
      owner: snapshot.owner,
      requestedBy: actor.slackUserId,
      reason,
      createdAt: now,
      expiresAt: new Date(now.getTime() + policy.expiresAfterHours * 3_600_000),
      required: policy.required,
      approvals: [],
      history: [{ at: now, by: actor.slackUserId, state: 'PENDING', note: reason }],
      key: {
        status: snapshot.key.status,
        createdAt: snapshot.key.createdAt,
        lastUsedAt: snapshot.lastUse.at,
        lastUsedService: snapshot.lastUse.service,
        lastUsedRegion: snapshot.lastUse.region,
      },
      version: 1,
    };
    try {
      const open = await this.openRequestFor(keyId);
      if (open) return refused({ reason: 'already-requested', requestId: open.id });
      // Written before the message is posted: a button must never point at nothing.
      await store.create(request);
    } catch (error) {
      return refused(storeRefusal(error));
    }
    try {
      request.message = await this.deps.notifier.post(request);
      await store.attachMessage(request.id, request.message);
    } catch (error) {
      this.deps.log.error({ err: error, requestId: request.id }, 'approval request could not be posted');
      await this.settle(request, 'REJECTED', 'system', 'the approval message could not be posted');
      await this.audit(actor, 'request-deletion', 'failed', { ...target(request), detail: 'post-failed' });
      return refused({ reason: 'approval-post-failed' });
    }
    await this.audit(actor, 'request-deletion', 'ok', { ...target(request), detail: reason });
    return done(request);
  }

  /** `clickedOn` is the message the button was on: a click must come from the request's own message. */
  async approve(actor: Actor, requestId: string, clickedOn?: MessageRef): Promise<Outcome<ApprovalRequest>> {
    return this.decide(actor, requestId, 'approve', clickedOn);
  }

  async reject(actor: Actor, requestId: string, clickedOn?: MessageRef): Promise<Outcome<ApprovalRequest>> {
    return this.decide(actor, requestId, 'reject', clickedOn);
  }

  /** Approvers and admins see every pending request; anyone else their own. */
  async pending(actor: Actor): Promise<Outcome<ApprovalRequest[]>> {
    try {
      const all = await this.deps.store.listByState('PENDING');
      const now = this.deps.clock.now();
      const live = all.filter((request) => !isExpired(request, now));
      const seesAll = actor.isApprover || actor.isAdmin;
      return done(seesAll ? live : live.filter((request) => request.requestedBy === actor.slackUserId));
    } catch (error) {
      return refused(storeRefusal(error));
    }
  }

  /** Finishes requests a crash left APPROVED, and expires pending ones whose time is up. */
  async sweep(): Promise<{ executed: number; expired: number }> {
    const { store, clock } = this.deps;
    const now = clock.now();
    let executed = 0;
    let expired = 0;
    for (const request of await store.listByState('APPROVED')) {
      const approvedAt = request.history[request.history.length - 1]?.at ?? request.createdAt;
      if (now.getTime() - approvedAt.getTime() < SWEEP_GRACE_MS) continue;
      if ((await this.execute(request, 'system')).state !== 'APPROVED') executed++;
    }
    for (const request of await store.listByState('PENDING')) {
      if (!isExpired(request, now)) continue;
      if (await this.settle(request, 'EXPIRED', 'system', 'expired')) {
        expired++;
        await this.audit('system', 'expire', 'ok', target(request));
      }
    }
    return { executed, expired };
  }

  private async decide(
    actor: Actor,
    requestId: string,
    verb: 'approve' | 'reject',
    clickedOn?: MessageRef,
  ): Promise<Outcome<ApprovalRequest>> {
    const refuse = async (refusal: Refusal, request?: ApprovalRequest) => {
      await this.audit(actor, verb, 'refused', {
        ...(request ? target(request) : { requestId }),
        detail: refusal.reason,
      });
      return refused<ApprovalRequest>(refusal);
    };
    for (let race = 0; race < MAX_WRITE_RACES; race++) {
      let request: ApprovalRequest | undefined;
      try {
        request = await this.deps.store.get(requestId);
      } catch (error) {
        return refused(storeRefusal(error));
      }
      if (!request) return refuse({ reason: 'no-such-request' });
      if (clickedOn && request.message && !sameMessage(clickedOn, request.message)) {
        return refuse({ reason: 'wrong-message' }, request);
      }
      if (!actor.isApprover) return refuse({ reason: 'not-approver' }, request);
      if (!mayApprove(actor, request.requestedBy)) return refuse({ reason: 'self-approval' }, request);
      if (request.state !== 'PENDING')
        return refuse({ reason: 'not-pending', state: request.state }, request);
      const now = this.deps.clock.now();
      if (isExpired(request, now)) {
        if (await this.settle(request, 'EXPIRED', 'system', 'expired')) {
          await this.audit('system', 'expire', 'ok', target(request));
        }
        return refuse({ reason: 'expired' }, request);
      }
      if (request.approvals.some((approval) => approval.by === actor.slackUserId)) {
        return refuse({ reason: 'already-approved' }, request);
      }
      try {
        const decided =
          verb === 'approve'
            ? await this.recordApproval(request, actor, now)
            : await this.recordRejection(request, actor, now);
        return done(decided);
      } catch (error) {
        if (error instanceof StaleTransitionError) continue; // someone else wrote first: look again
        return refused(storeRefusal(error));
      }
    }
    return refuse({ reason: 'no-such-request' });
  }

  private async recordApproval(request: ApprovalRequest, actor: Actor, now: Date): Promise<ApprovalRequest> {
    const enough = request.approvals.length + 1 >= request.required;
    const to: ApprovalState = enough ? 'APPROVED' : 'PENDING';
    const updated = await this.deps.store.transition(
      request,
      {
        to,
        entry: { at: now, by: actor.slackUserId, state: to, note: 'approved' },
        addApproval: { by: actor.slackUserId, at: now },
      },
      { requireUnexpiredAt: now },
    );
    await this.audit(actor, 'approve', 'ok', target(updated));
    if (!enough) {
      await this.notify(updated, 'update');
      return updated;
    }
    return this.execute(updated, actor.slackUserId);
  }

  private async recordRejection(request: ApprovalRequest, actor: Actor, now: Date): Promise<ApprovalRequest> {
    const updated = await this.deps.store.transition(request, {
      to: 'REJECTED',
      entry: { at: now, by: actor.slackUserId, state: 'REJECTED' },
      outcome: `rejected by <@${actor.slackUserId}>`,
    });
    await this.audit(actor, 'reject', 'ok', target(updated));
    await this.notify(updated, 'update');
    await this.notify(updated, 'requester');
    return updated;
  }

  /**
   * Deletes the key of an APPROVED request and records how it ended. A key already gone counts
   * as deleted. IAM unavailable or throttled: the request stays APPROVED and the sweep retries,
   * since deleting is safe to repeat; anything else is FAILED with its reason.
   */
  private async execute(
    request: ApprovalRequest,
    by: Actor['slackUserId'] | 'system',
  ): Promise<ApprovalRequest> {
    let to: ApprovalState = 'EXECUTED';
    let outcome = 'deleted';
    try {
      await this.deps.iam.deleteKey(request.owner, request.keyId);
    } catch (error) {
      const code = error instanceof KeywardenError ? error.code : 'UNEXPECTED';
      if (code === 'IAM_NOT_FOUND') {
        outcome = 'deleted (the key was already gone)';
      } else if (code === 'IAM_THROTTLED' || code === 'IAM_UNAVAILABLE') {
        this.deps.log.warn({ err: error, requestId: request.id }, 'deletion deferred to the sweep');
        await this.audit(by, 'delete', 'failed', { ...target(request), detail: `${code}; will retry` });
        return request;
      } else {
        to = 'FAILED';
        outcome = `deletion failed: ${code === 'IAM_ACCESS_DENIED' ? 'access denied in IAM' : 'unexpected error'}`;
        this.deps.log.error({ err: error, requestId: request.id }, 'deletion failed');
      }
    }
    const settled = await this.settle(request, to, by, outcome);
    if (!settled) return (await this.deps.store.get(request.id)) ?? request;
    await this.audit(by, 'delete', to === 'EXECUTED' ? 'ok' : 'failed', {
      ...target(settled),
      detail: outcome,
    });
    await this.notify(settled, 'requester');
    return settled;
  }

  /** Moves a request to a final state and updates its message; undefined if another writer won. */
  private async settle(
    request: ApprovalRequest,
    to: ApprovalState,
    by: Actor['slackUserId'] | 'system',
    outcome: string,
  ): Promise<ApprovalRequest | undefined> {
    try {
      const settled = await this.deps.store.transition(request, {
        to,
        entry: { at: this.deps.clock.now(), by, state: to, note: outcome },
        outcome,
      });
      await this.notify(settled, 'update');
      return settled;
    } catch (error) {
      if (error instanceof StaleTransitionError) return undefined;
      this.deps.log.error({ err: error, requestId: request.id, to }, 'approval state could not be stored');
      return undefined;
    }
  }

  private async openRequestFor(keyId: KeyId): Promise<ApprovalRequest | undefined> {
    const now = this.deps.clock.now();
    for (const state of OPEN_STATES as ('PENDING' | 'APPROVED')[]) {
      const found = (await this.deps.store.listByState(state)).find(
        (request) => request.keyId === keyId && !(state === 'PENDING' && isExpired(request, now)),
      );
      if (found) return found;
    }
    return undefined;
  }

  /** Slack being down must not undo or hide a decision already stored. */
  private async notify(request: ApprovalRequest, what: 'update' | 'requester'): Promise<void> {
    try {
      if (what === 'update') {
        if (request.message) await this.deps.notifier.update(request);
      } else {
        await this.deps.notifier.tellRequester(request);
      }
    } catch (error) {
      this.deps.log.warn({ err: error, requestId: request.id, what }, 'approval notification failed');
    }
  }

  private audit(
    actor: Actor | Actor['slackUserId'] | 'system',
    action: AuditAction,
    outcome: 'ok' | 'refused' | 'failed',
    details: { owner?: ApprovalRequest['owner']; keyId?: KeyId; requestId?: string; detail?: string },
  ): Promise<void> {
    const who = typeof actor === 'object' ? actor.slackUserId : actor;
    return recordAfterTheFact(this.deps.audit, this.deps.log, {
      at: this.deps.clock.now(),
      actor: who,
      action,
      outcome,
      ...details,
    });
  }
}

function sameMessage(a: MessageRef, b: MessageRef): boolean {
  return a.channel === b.channel && a.ts === b.ts;
}

function target(request: ApprovalRequest) {
  return { owner: request.owner, keyId: request.keyId, requestId: request.id };
}
