import { randomUUID } from 'node:crypto';
import { accountRef } from '../../../kernel/account-ref';
import { mayManage, type Actor } from '../../../kernel/authorization';
import { KeywardenError } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import type { IamAccounts, ResolvedKey } from '../../../kernel/ports/accounts';
import { storeRefusal } from '../../../kernel/store-refusal';
import type { Clock, KeyId } from '../../../kernel/types';
import type { ApprovalRequest } from './approval';
import { ruleFor, type ApprovalPolicy } from './approval-policy';
import { target, type ApprovalRecords } from './approval-records';
import type { ClaimAnswer } from './open-request-claims';
import type { ApprovalNotifier } from './ports/approval-notifier';
import type { ApprovalStore } from './ports/approval-store';
import { checkReason } from './reason-rule';
import { done, refused, type Outcome, type Refusal } from './refusals';

export interface DeletionRequestsDeps {
  accounts: IamAccounts;
  store: ApprovalStore;
  notifier: ApprovalNotifier;
  clock: Clock;
  log: Logger;
  policy?: ApprovalPolicy;
  records: ApprovalRecords;
}

/**
 * Pauses while reading again a request that holds its key but has no message yet (it is being
 * posted): about three seconds in all, then the answer goes without a link.
 */
const MESSAGE_WAITS_MS = [50, 100, 200, 400, 800, 1_500];
/** A withdrawal must be stored, or a request reported withdrawn could still be approved. */
const WITHDRAW_ATTEMPTS = 3;
/** The audit detail when a withdrawal could not be stored after all its attempts. */
export const WITHDRAWAL_NOT_STORED = 'withdrawal-not-stored';

/** Opening a deletion request: one per key, stored before its message is posted. */
export class DeletionRequests {
  constructor(private readonly deps: DeletionRequestsDeps) {}

  /**
   * `target` is a key id typed by a person (resolved here, in their session), or a key a caller
   * resolved from IAM moments ago (a report's re-check), which is not looked up again. The owner
   * is checked against the asker either way, before anything is written.
   */
  async request(
    actor: Actor,
    target: KeyId | ResolvedKey,
    reason?: string,
    options: { generated?: boolean } = {},
  ): Promise<Outcome<ApprovalRequest>> {
    const { accounts, clock, policy, records } = this.deps;
    const keyId = typeof target === 'string' ? target : target.key.keyId;
    if (!policy) return refused({ reason: 'approvals-not-configured' });
    const reasonProblem = checkReason(policy, options.generated ? undefined : reason, options.generated);
    if (reasonProblem) {
      await records.audit(actor, 'request-deletion', 'refused', { keyId, detail: reasonProblem.reason });
      return refused(reasonProblem);
    }
    const resolved =
      typeof target === 'string' ? await accounts.resolve(keyId, actor.slackUserId) : done(target);
    if (!resolved.ok) return resolved;
    const { account, owner, key, lastUse } = resolved.value;
    if (!mayManage(actor, owner)) {
      await records.audit(actor, 'request-deletion', 'refused', {
        owner,
        account: account.name,
        keyId,
        detail: 'not-allowed',
      });
      return refused({ reason: 'not-allowed' });
    }
    const now = clock.now();
    const request: ApprovalRequest = {
      id: randomUUID(),
      ...accountRef(account),
      state: 'PENDING',
      keyId,
      owner,
      requestedBy: actor.slackUserId,
      reason,
      createdAt: now,
      expiresAt: new Date(now.getTime() + policy.expiresAfterHours * 3_600_000),
      required: ruleFor(policy, account).required,
      approvals: [],
      history: [{ at: now, by: actor.slackUserId, state: 'PENDING', note: reason }],
      key: {
        status: key.status,
        createdAt: key.createdAt,
        lastUsedAt: lastUse.at,
        lastUsedService: lastUse.service,
        lastUsedRegion: lastUse.region,
      },
      version: 1,
    };
    return this.open(actor, request, reason);
  }

  /** The requester was (or will be) told it was withdrawn: it must end REJECTED, not stay approvable. */
  async withdrawUnposted(request: ApprovalRequest, by: Actor | 'system'): Promise<boolean> {
    const settled = await this.deps.records.settle(
      request,
      'REJECTED',
      { kind: 'withdrawn', by: 'system', detail: 'the approval message could not be posted' },
      { attempts: WITHDRAW_ATTEMPTS },
    );
    if (!settled.stored && !settled.lost) {
      await this.deps.records.audit(by, 'request-deletion', 'failed', {
        ...target(request),
        detail: WITHDRAWAL_NOT_STORED,
      });
    }
    return settled.stored;
  }

  private async open(
    actor: Actor,
    request: ApprovalRequest,
    reason?: string,
  ): Promise<Outcome<ApprovalRequest>> {
    const { records } = this.deps;
    try {
      // One open request per key: claimed first, then written before the message is posted (a
      // button must never point at nothing).
      const claim = await this.claimAndCreate(request);
      if (!claim.claimed) {
        const refusal = await this.alreadyRequested(claim);
        await records.audit(actor, 'request-deletion', 'refused', {
          ...target(request),
          requestId: claim.requestId,
          detail: refusal.reason,
        });
        return refused(refusal);
      }
    } catch (error) {
      return refused(storeRefusal(error));
    }
    try {
      request.message = await this.deps.notifier.post(request);
      await this.deps.store.attachMessage(request.id, request.message);
    } catch (error) {
      this.deps.log.error({ err: error, requestId: request.id }, 'approval request could not be posted');
      await this.withdrawUnposted(request, actor);
      await records.audit(actor, 'request-deletion', 'failed', { ...target(request), detail: 'post-failed' });
      return refused({ reason: 'approval-post-failed' });
    }
    await records.audit(actor, 'request-deletion', 'ok', { ...target(request), detail: reason });
    return done(request);
  }

  /**
   * Claims the key for this request and writes it. A claim of ours voided meanwhile (another
   * requester judged it abandoned and took the key) is claimed again under a new id, which then
   * finds that requester's request.
   */
  private async claimAndCreate(request: ApprovalRequest): Promise<ClaimAnswer> {
    for (let attempt = 0; ; attempt++) {
      const claim = await this.deps.records.claims.claim(request);
      if (!claim.claimed) return claim;
      let created: boolean;
      try {
        created = await this.deps.store.create(request);
      } catch (error) {
        await this.deps.records.release(request);
        throw error;
      }
      if (created) return claim;
      if (attempt >= 1)
        throw new KeywardenError('STORE_UNAVAILABLE', `request ${request.id} was voided twice`);
      request.id = randomUUID();
    }
  }

  /**
   * The open request, with a link to its message. A request that holds the key may not have its
   * message yet (it is being posted right now): it is read again for a few seconds, so the person
   * is pointed at the message rather than told only that one exists.
   */
  private async alreadyRequested(claim: Extract<ClaimAnswer, { claimed: false }>): Promise<Refusal> {
    let open = claim.open;
    try {
      for (const pause of MESSAGE_WAITS_MS) {
        if (open?.message) break;
        await new Promise((resolve) => setTimeout(resolve, pause));
        open = await this.deps.store.get(claim.requestId);
      }
    } catch (error) {
      // The answer is still true without the link.
      this.deps.log.warn({ err: error, requestId: claim.requestId }, 'the open request could not be read');
    }
    if (!open?.message) return { reason: 'already-requested', requestId: claim.requestId };
    let link: string | undefined;
    try {
      link = await this.deps.notifier.linkTo(open.message);
    } catch (error) {
      this.deps.log.warn({ err: error, requestId: open.id }, 'no link to the open request');
    }
    return {
      reason: 'already-requested',
      requestId: open.id,
      channel: open.message.channel,
      ...(link ? { link } : {}),
    };
  }
}
