import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Actor } from '../../../kernel/authorization';
import type { Logger } from '../../../kernel/logger';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import type { People } from '../../../kernel/ports/people';
import type { IamAccounts, ResolvedKey } from '../../../kernel/ports/accounts';
import { storeRefusal } from '../../../kernel/store-refusal';
import type { Clock, KeyId } from '../../../kernel/types';
import { isExpired, type ApprovalRequest, type MessageRef } from './approval';
import type { ApprovalPolicy } from './approval-policy';
import { ApprovalDecisions } from './approval-decisions';
import { ApprovalRecords } from './approval-records';
import { ApprovalSweep, type SweepCounts } from './approval-sweep';
import { Approvers } from './approvers';
import { DeletionExecutor } from './deletion-executor';
import { DeletionRequests } from './deletion-requests';
import type { ApprovalNotifier } from './ports/approval-notifier';
import type { ApprovalStore } from './ports/approval-store';
import { checkReason } from './reason-rule';
import type { RequestEndings } from './request-endings';
import { done, refused, type Outcome, type Refusal } from './refusals';
import type { StepUpEvidence, StepUpGate } from './step-up';

export type { ApprovalPolicy } from './approval-policy';
export { SWEEP_GRACE_MS } from './approval-sweep';
export { WITHDRAWAL_NOT_STORED } from './deletion-requests';

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
  /** Who is told when a request ends (RequestEndings, filled by higher slices at install). */
  endings?: RequestEndings;
  /** approvals.stepUp: which approvals wait for a sign-in at the identity provider (set by that slice). */
  stepUp?: StepUpGate;
}

/**
 * Two-person deletion. Each step is one conditional write on the request's item. The key is
 * deleted only after APPROVED is stored, and only by the holder of the request's lease (see
 * DeletionExecutor); a crash in between is finished by the sweep. This is the door the slices
 * use; each step is done by its own collaborator.
 */
export class ApprovalService {
  private readonly approvers: Approvers;
  private readonly requests: DeletionRequests;
  private readonly decisions: ApprovalDecisions;
  private readonly sweeper: ApprovalSweep;

  constructor(private readonly deps: ApprovalDeps) {
    const records = new ApprovalRecords(deps);
    const executor = new DeletionExecutor({
      ...deps,
      records,
      replica: deps.replica ?? `${hostname()}#${process.pid}#${randomUUID().slice(0, 8)}`,
    });
    this.approvers = new Approvers(deps);
    this.requests = new DeletionRequests({ ...deps, records });
    this.decisions = new ApprovalDecisions({ ...deps, records, approvers: this.approvers, executor });
    this.sweeper = new ApprovalSweep({
      ...deps,
      records,
      approvers: this.approvers,
      executor,
      decisions: this.decisions,
      requests: this.requests,
    });
  }

  /**
   * Whether a deletion asked by a button needs the person's own reason (the policy's
   * `approvals.reason`), and the rule in words: such a button asks for it in a modal.
   */
  personReasonRule(): { hint?: string } | undefined {
    const { policy } = this.deps;
    // The rule that refuses a button's own reason is the one request() applies.
    const problem = policy ? checkReason(policy, undefined, true) : undefined;
    if (!problem) return undefined;
    return 'hint' in problem && problem.hint !== undefined ? { hint: problem.hint } : {};
  }

  /** What is wrong with a person's reason under the policy, before anything is asked of IAM. */
  reasonProblem(reason: string): Refusal | undefined {
    const { policy } = this.deps;
    return policy ? checkReason(policy, reason.trim() === '' ? undefined : reason) : undefined;
  }

  /**
   * `key`: a key id a person typed (found in IAM here), or a key the caller resolved from IAM
   * moments ago (a report's re-check), not looked up again. `generated`: the reason is Keywarden's
   * own (a button's: a report, a rotation, a list, the Home), not the person's words. Where the
   * policy wants a reason of a person's (a ticket id), such a request is refused with the way to
   * make it (`/keys delete KEY_ID reason`), never waved through.
   */
  request(
    actor: Actor,
    key: KeyId | ResolvedKey,
    reason?: string,
    options: { generated?: boolean } = {},
  ): Promise<Outcome<ApprovalRequest>> {
    return this.requests.request(actor, key, reason, options);
  }

  /**
   * `clickedOn` is the message the button was on: a click must come from the request's own stored
   * message. The answer is the request as this click left it; when the key was deleted but the
   * store could not record it, it says so (EXECUTED), and the sweep records it later. `stepUp`:
   * the evidence of the approver's step-up sign-in, where the policy asks for one.
   */
  approve(
    actor: Actor,
    requestId: string,
    clickedOn: MessageRef | undefined,
    note?: string,
    stepUp?: StepUpEvidence,
  ): Promise<Outcome<ApprovalRequest>> {
    return this.decisions.decide(actor, requestId, 'approve', clickedOn, note, stepUp);
  }

  /** `why` is the approver's reason, shown on the message and to the requester. */
  reject(
    actor: Actor,
    requestId: string,
    clickedOn: MessageRef | undefined,
    why?: string,
  ): Promise<Outcome<ApprovalRequest>> {
    return this.decisions.decide(actor, requestId, 'reject', clickedOn, why);
  }

  /** The requester takes back a pending request; see ApprovalDecisions.withdraw. */
  withdraw(actor: Actor, requestId: string, clickedOn?: MessageRef): Promise<Outcome<ApprovalRequest>> {
    return this.decisions.withdraw(actor, requestId, clickedOn);
  }

  /**
   * The pending requests this person may decide, never their own: for a key of an account whose
   * policy names approvers, those; otherwise the global approvers. `approves`: whether they decide
   * any request at all (a global approver, or in some account's list), so a Home can say "nothing
   * awaits you" to them and nothing to anyone else.
   */
  async awaiting(actor: Actor): Promise<Outcome<{ approves: boolean; requests: ApprovalRequest[] }>> {
    try {
      const approves = await this.approvers.approvesAny(actor);
      if (!approves) return done({ approves, requests: [] });
      const now = this.deps.clock.now();
      const live = (await this.deps.store.listByState('PENDING')).filter(
        (request) => !isExpired(request, now) && request.requestedBy !== actor.slackUserId,
      );
      // A request whose account left the policy awaits nobody: no approval can carry it out.
      const decides = await Promise.all(
        live.map((request) => {
          const account = this.approvers.accountOf(request);
          return account ? this.approvers.isApproverFor(actor, account) : false;
        }),
      );
      return done({ approves, requests: live.filter((_request, index) => decides[index]) });
    } catch (error) {
      return refused(storeRefusal(error));
    }
  }

  /** The request as stored now (an ended one included), read consistently; undefined when there is none. */
  find(requestId: string): Promise<ApprovalRequest | undefined> {
    return this.deps.store.get(requestId);
  }

  /**
   * Finishes requests a crash left APPROVED, takes over deletions whose lease was abandoned, withdraws
   * requests whose message never got stored, and expires pending ones whose time is up.
   */
  sweep(): Promise<SweepCounts> {
    return this.sweeper.sweep();
  }
}
