import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { mayManage, type Actor } from '../../../kernel/authorization';
import type { Logger } from '../../../kernel/logger';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import { locateKey } from '../../../kernel/key-location';
import type { People } from '../../../kernel/ports/people';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import { iamRefusal } from '../../../kernel/iam-refusal';
import { done, refused, type Outcome, type Refusal } from '../../../kernel/outcome';
import { storeRefusal } from '../../../kernel/store-refusal';
import type { Clock, KeyId, SlackUserId } from '../../../kernel/types';
import { KeywardenError } from '../../../kernel/errors';
import { accountRef, managedAccountOf } from '../../../kernel/account-ref';
import { accountLabel, type Account } from '../../../kernel/accounts';
import { isExpired, type ApprovalRequest, type ApprovalState, type MessageRef } from './approval';
import { ruleFor, type ApprovalPolicy } from './approval-policy';
import type { ClaimAnswer } from './open-request-claims';
import type { ApprovalNotifier } from './ports/approval-notifier';
import { ApprovalRecords, target } from './approval-records';
import { StaleTransitionError, type ApprovalStore } from './ports/approval-store';
import { ACCOUNT_NOT_MANAGED, DeletionExecutor } from './deletion-executor';

export type { ApprovalPolicy } from './approval-policy';

export interface ApprovalDeps {
  accounts: IamAccounts;
  store: ApprovalStore;
  notifier: ApprovalNotifier;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  policy?: ApprovalPolicy;
  /** Who holds an approvers list (user and user-group ids): at clicks, reminders and deletions. */
  people?: Pick<People, 'holds' | 'membersOf' | 'membership'>;
  /** Names this process in the deletion leases it takes; default: host, pid and a random part. */
  replica?: string;
}

/**
 * The sweep leaves an APPROVED request this long to the click that approved it (which takes the
 * lease a moment later), and a request without a stored message this long to its posting.
 */
export const SWEEP_GRACE_MS = 2 * 60_000;
/**
 * Pauses while reading again a request that holds its key but has no message yet (it is being
 * posted): about three seconds in all, then the answer goes without a link.
 */
const MESSAGE_WAITS_MS = [50, 100, 200, 400, 800, 1_500];
/** Lost races with other approvers retried before answering. */
const MAX_WRITE_RACES = 5;
/** A withdrawal must be stored, or a request reported withdrawn could still be approved. */
const WITHDRAW_ATTEMPTS = 3;
/** The audit detail when a withdrawal could not be stored after all its attempts. */
export const WITHDRAWAL_NOT_STORED = 'withdrawal-not-stored';

/**
 * Two-person deletion. Each step is one conditional write on the request's item. The key is
 * deleted only after APPROVED is stored, and only by the holder of the request's lease (see
 * DeletionExecutor); a crash in between is finished by the sweep.
 */
export class ApprovalService {
  private readonly records: ApprovalRecords;
  private readonly executor: DeletionExecutor;

  constructor(private readonly deps: ApprovalDeps) {
    this.records = new ApprovalRecords(deps);
    this.executor = new DeletionExecutor({
      ...deps,
      records: this.records,
      replica: deps.replica ?? `${hostname()}#${process.pid}#${randomUUID().slice(0, 8)}`,
    });
  }

  /**
   * Whether a deletion asked by a button needs the person's own reason (the policy's
   * `approvals.reason`), and the pattern it must match: such a button asks for it in a modal.
   */
  personReasonRule(): { pattern?: string } | undefined {
    const { policy } = this.deps;
    // The rule that refuses a button's own reason is the one request() applies.
    const problem = policy ? checkReason(policy, undefined, true) : undefined;
    if (!problem) return undefined;
    return 'pattern' in problem && problem.pattern !== undefined ? { pattern: problem.pattern } : {};
  }

  /** What is wrong with a person's reason under the policy, before anything is asked of IAM. */
  reasonProblem(reason: string): Refusal | undefined {
    const { policy } = this.deps;
    return policy ? checkReason(policy, reason.trim() === '' ? undefined : reason) : undefined;
  }

  /**
   * `generated`: the reason is Keywarden's own (a button's: a report, a rotation, a list, the Home),
   * not the person's words. Where the policy wants a reason of a person's (a ticket id), such a
   * request is refused with the way to make it (`/keys delete KEY_ID reason`), never waved through.
   */
  async request(
    actor: Actor,
    keyId: KeyId,
    reason?: string,
    options: { generated?: boolean } = {},
  ): Promise<Outcome<ApprovalRequest>> {
    const { accounts, store, clock, policy } = this.deps;
    if (!policy) return refused({ reason: 'approvals-not-configured' });
    const reasonProblem = checkReason(policy, options.generated ? undefined : reason, options.generated);
    if (reasonProblem) {
      await this.records.audit(actor, 'request-deletion', 'refused', { keyId, detail: reasonProblem.reason });
      return refused(reasonProblem);
    }
    const located = await locateKey(accounts, keyId, actor.slackUserId);
    if (!located.ok) return located;
    const account = located.value;
    const iam = accounts.iam(account, actor.slackUserId);
    let snapshot;
    try {
      const { owner, lastUse } = await iam.lastUse(keyId);
      if (!mayManage(actor, owner)) {
        await this.records.audit(actor, 'request-deletion', 'refused', {
          owner,
          account: account.name,
          keyId,
          detail: 'not-allowed',
        });
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
      ...accountRef(account),
      state: 'PENDING',
      keyId,
      owner: snapshot.owner,
      requestedBy: actor.slackUserId,
      reason,
      createdAt: now,
      expiresAt: new Date(now.getTime() + policy.expiresAfterHours * 3_600_000),
      required: ruleFor(policy, account).required,
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
      // One open request per key: claimed first, then written before the message is posted (a
      // button must never point at nothing).
      const claim = await this.claimAndCreate(request);
      if (!claim.claimed) {
        const refusal = await this.alreadyRequested(claim);
        await this.records.audit(actor, 'request-deletion', 'refused', {
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
      await store.attachMessage(request.id, request.message);
    } catch (error) {
      this.deps.log.error({ err: error, requestId: request.id }, 'approval request could not be posted');
      await this.withdrawUnposted(request, actor);
      await this.records.audit(actor, 'request-deletion', 'failed', {
        ...target(request),
        detail: 'post-failed',
      });
      return refused({ reason: 'approval-post-failed' });
    }
    await this.records.audit(actor, 'request-deletion', 'ok', { ...target(request), detail: reason });
    return done(request);
  }

  /**
   * `clickedOn` is the message the button was on: a click must come from the request's own stored
   * message. The answer is the request as this click left it; when the key was deleted but the
   * store could not record it, it says so (EXECUTED), and the sweep records it later.
   */
  async approve(
    actor: Actor,
    requestId: string,
    clickedOn: MessageRef | undefined,
    note?: string,
  ): Promise<Outcome<ApprovalRequest>> {
    return this.decide(actor, requestId, 'approve', clickedOn, note);
  }

  /** `why` is the approver's reason, shown on the message and to the requester. */
  async reject(
    actor: Actor,
    requestId: string,
    clickedOn: MessageRef | undefined,
    why?: string,
  ): Promise<Outcome<ApprovalRequest>> {
    return this.decide(actor, requestId, 'reject', clickedOn, why);
  }

  /**
   * The requester takes back a pending request (a click on its message, or from App Home, where
   * `clickedOn` is absent). Anyone else is refused and audited. One conditional write: a withdrawal
   * racing an approval is decided by the store, and the loser is told what happened instead.
   */
  async withdraw(actor: Actor, requestId: string, clickedOn?: MessageRef): Promise<Outcome<ApprovalRequest>> {
    let request: ApprovalRequest | undefined;
    try {
      request = await this.deps.store.get(requestId);
    } catch (error) {
      return refused(storeRefusal(error));
    }
    const refuse = async (refusal: Refusal) => {
      await this.records.audit(actor, 'withdraw', 'refused', {
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
    const settled = await this.records.settle(request, 'WITHDRAWN', {
      kind: 'withdrawn',
      by: actor.slackUserId,
    });
    if (!settled.stored) {
      const now = settled.lost ? settled.current : undefined;
      if (now && now.state !== 'PENDING') return refuse({ reason: 'not-pending', state: now.state });
      return refused({ reason: 'store-unavailable' });
    }
    await this.records.audit(actor, 'withdraw', 'ok', target(settled.request));
    await this.records.notify(settled.request, 'requester');
    return done(settled.request);
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

  /**
   * The pending requests this person may decide, never their own: for a key of an account whose
   * policy names approvers, those; otherwise the global approvers. `approves`: whether they decide
   * any request at all (a global approver, or in some account's list), so a Home can say "nothing
   * awaits you" to them and nothing to anyone else.
   */
  async awaiting(actor: Actor): Promise<Outcome<{ approves: boolean; requests: ApprovalRequest[] }>> {
    const lists = Object.values(this.deps.policy?.accounts ?? {}).flatMap((account) =>
      account.approvers ? [account.approvers] : [],
    );
    try {
      const inSomeList = async () => {
        for (const list of lists) if (await this.holds(actor, list)) return true;
        return false;
      };
      const approves = actor.isApprover || (await inSomeList());
      if (!approves) return done({ approves, requests: [] });
      const now = this.deps.clock.now();
      const live = (await this.deps.store.listByState('PENDING')).filter(
        (request) => !isExpired(request, now) && request.requestedBy !== actor.slackUserId,
      );
      // A request whose account left the policy awaits nobody: no approval can carry it out.
      const decides = await Promise.all(
        live.map((request) => {
          const account = this.accountOf(request);
          return account ? this.isApproverFor(actor, account) : false;
        }),
      );
      return done({ approves, requests: live.filter((_request, index) => decides[index]) });
    } catch (error) {
      return refused(storeRefusal(error));
    }
  }

  /**
   * Finishes requests a crash left APPROVED, takes over deletions whose lease was abandoned, withdraws
   * requests whose message never got stored, and expires pending ones whose time is up.
   */
  async sweep(): Promise<{ executed: number; expired: number; withdrawn: number; reminded: number }> {
    const { store, clock } = this.deps;
    const now = clock.now();
    let executed = 0;
    let expired = 0;
    let withdrawn = 0;
    let reminded = 0;
    const finished = (request: ApprovalRequest) => request.state === 'EXECUTED' || request.state === 'FAILED';
    for (const request of await store.listByState('APPROVED')) {
      const approvedAt = request.history[request.history.length - 1]?.at ?? request.createdAt;
      if (now.getTime() - approvedAt.getTime() < SWEEP_GRACE_MS) continue;
      if (finished(await this.executor.execute(request, 'system'))) executed++;
    }
    // Whether a lease was abandoned is judged by this replica's own observation, never by its
    // clock against the holder's (LeaseWatch).
    const executing = await store.listByState('EXECUTING');
    for (const request of await this.executor.takeOverAbandoned(executing)) if (finished(request)) executed++;
    for (const request of await store.listByState('PENDING')) {
      if (isExpired(request, now)) {
        if (await this.expire(request)) expired++;
      } else if (!request.message && now.getTime() - request.createdAt.getTime() >= SWEEP_GRACE_MS) {
        if (await this.withdrawUnposted(request, 'system')) withdrawn++;
      } else if (await this.remindIfDue(request, now)) {
        reminded++;
      }
    }
    return { executed, expired, withdrawn, reminded };
  }

  private async decide(
    actor: Actor,
    requestId: string,
    verb: 'approve' | 'reject',
    clickedOn: MessageRef | undefined,
    note?: string,
  ): Promise<Outcome<ApprovalRequest>> {
    const refuse = async (refusal: Refusal, request?: ApprovalRequest) => {
      await this.records.audit(actor, verb, 'refused', {
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
      const account = this.accountOf(request);
      if (!(await this.isApproverFor(actor, account))) return refuse({ reason: 'not-approver' }, request);
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
      try {
        const decided =
          verb === 'approve' && account
            ? await this.recordApproval(request, account, actor, now, note)
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

  private async recordApproval(
    request: ApprovalRequest,
    account: Account,
    actor: Actor,
    now: Date,
    note?: string,
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
        entry: { at: now, by: actor.slackUserId, state: to, note: note ? `approved: ${note}` : 'approved' },
        addApproval: { by: actor.slackUserId, at: now },
      },
      { requireUnexpiredAt: now },
    );
    await this.records.audit(actor, 'approve', 'ok', {
      ...target(updated),
      ...(note ? { detail: note } : {}),
    });
    if (!enough) {
      await this.records.notify(updated, 'update');
      return updated;
    }
    return this.executor.execute(updated, actor.slackUserId);
  }

  private async recordRejection(
    request: ApprovalRequest,
    actor: Actor,
    now: Date,
    why?: string,
  ): Promise<ApprovalRequest> {
    const updated = await this.deps.store.transition(request, {
      to: 'REJECTED',
      entry: { at: now, by: actor.slackUserId, state: 'REJECTED', ...(why ? { note: why } : {}) },
      outcome: { kind: 'rejected', by: actor.slackUserId, ...(why ? { detail: why } : {}) },
    });
    await this.records.release(updated);
    await this.records.audit(actor, 'reject', 'ok', { ...target(updated), ...(why ? { detail: why } : {}) });
    await this.records.notify(updated, 'update');
    await this.records.notify(updated, 'requester');
    return updated;
  }

  private async expire(request: ApprovalRequest): Promise<boolean> {
    const settled = await this.records.settle(request, 'EXPIRED', { kind: 'expired', by: 'system' });
    if (!settled.stored) return false;
    await this.records.audit('system', 'expire', 'ok', target(request));
    // The requester hears of every outcome: this one nobody clicked.
    await this.records.notify(settled.request, 'requester');
    return true;
  }

  /** The requester was (or will be) told it was withdrawn: it must end REJECTED, not stay approvable. */
  private async withdrawUnposted(request: ApprovalRequest, by: Actor | 'system'): Promise<boolean> {
    const settled = await this.records.settle(
      request,
      'REJECTED',
      { kind: 'withdrawn', by: 'system', detail: 'the approval message could not be posted' },
      { attempts: WITHDRAW_ATTEMPTS },
    );
    if (!settled.stored && !settled.lost) {
      await this.records.audit(by, 'request-deletion', 'failed', {
        ...target(request),
        detail: WITHDRAWAL_NOT_STORED,
      });
    }
    return settled.stored;
  }

  /**
   * Once per `remindAfterHours` a pending request is re-announced: a reply in its thread and a DM
   * to each approver who has not acted. The reminder is claimed by a conditional write first, so
   * with several replicas' sweeps each reminder is sent once.
   */
  private async remindIfDue(request: ApprovalRequest, now: Date): Promise<boolean> {
    const hours = this.deps.policy?.remindAfterHours;
    if (!hours || !request.message) return false;
    const since = request.remindedAt ?? request.createdAt;
    if (now.getTime() - since.getTime() < hours * 3_600_000) return false;
    if (!(await this.deps.store.claimReminder(request.id, request.remindedAt, now))) return false;
    const approvers = await this.approversToRemind(request);
    try {
      await this.deps.notifier.remind(request, approvers);
    } catch (error) {
      this.deps.log.warn({ err: error, requestId: request.id }, 'the reminder could not be sent in full');
    }
    await this.records.audit('system', 'remind', 'ok', {
      ...target(request),
      detail: `${approvers.length} approvers`,
    });
    return true;
  }

  private async approversToRemind(request: ApprovalRequest): Promise<SlackUserId[]> {
    const { policy, people } = this.deps;
    const account = this.accountOf(request);
    // A request whose account left the policy can no longer be approved: nobody is asked to.
    if (!policy || !people || !account) return [];
    const acted = new Set<string>([request.requestedBy, ...request.approvals.map((approval) => approval.by)]);
    return (await people.membersOf(ruleFor(policy, account).approvers)).filter(
      (approver) => !acted.has(approver),
    );
  }

  /** The managed account a request names, by id where known; undefined when no longer managed. */
  private accountOf(request: ApprovalRequest): Account | undefined {
    return managedAccountOf(request, this.deps.accounts.all());
  }

  /**
   * The account's own approvers where the policy names them; the global approvers otherwise (and
   * for a request whose account left the policy, which no approval can carry out anyway).
   */
  private async isApproverFor(actor: Actor, account: Account | undefined): Promise<boolean> {
    const rule = account && this.deps.policy ? ruleFor(this.deps.policy, account) : undefined;
    return rule?.ownApprovers ? this.holds(actor, rule.approvers) : actor.isApprover;
  }

  private async holds(actor: Actor, list: readonly string[]): Promise<boolean> {
    // Deny by default: without a way to ask who holds the role, nobody does.
    return this.deps.people ? this.deps.people.holds(actor.slackUserId, list) : false;
  }

  /**
   * Claims the key for this request and writes it. A claim of ours voided meanwhile (another
   * requester judged it abandoned and took the key) is claimed again under a new id, which then
   * finds that requester's request.
   */
  private async claimAndCreate(request: ApprovalRequest): Promise<ClaimAnswer> {
    for (let attempt = 0; ; attempt++) {
      const claim = await this.records.claims.claim(request);
      if (!claim.claimed) return claim;
      let created: boolean;
      try {
        created = await this.deps.store.create(request);
      } catch (error) {
        await this.records.release(request);
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

  private async refuseUnmanaged(actor: Actor, request: ApprovalRequest): Promise<Outcome<ApprovalRequest>> {
    const label = accountLabel({ name: request.account ?? 'default', id: request.accountId });
    const settled = await this.records.settle(request, 'FAILED', {
      kind: 'account-not-managed',
      by: 'system',
      detail: label,
    });
    await this.records.audit(actor, 'approve', 'refused', {
      ...target(request),
      detail: `${ACCOUNT_NOT_MANAGED}: ${label}`,
    });
    if (settled.stored) await this.records.notify(settled.request, 'requester');
    return refused({
      reason: 'account-not-managed',
      ...(request.account ? { account: request.account } : {}),
      ...(request.accountId ? { accountId: request.accountId } : {}),
    });
  }
}

/** The policy's rule for reasons, checked before anything else is done: nothing is posted. */
function checkReason(
  policy: ApprovalPolicy,
  reason: string | undefined,
  generated = false,
): Refusal | undefined {
  const rule = policy.reason;
  if (!rule) return undefined;
  if (!reason) {
    const needed = rule.required || (generated && rule.pattern !== undefined);
    return needed ? { reason: 'reason-required', pattern: rule.pattern } : undefined;
  }
  if (rule.pattern && !new RegExp(rule.pattern).test(reason)) {
    return { reason: 'reason-mismatch', pattern: rule.pattern };
  }
  return undefined;
}

function sameMessage(a: MessageRef, b: MessageRef): boolean {
  return a.channel === b.channel && a.ts === b.ts;
}
