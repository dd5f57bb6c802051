import type { Logger } from '../../../kernel/logger';
import type { Clock } from '../../../kernel/types';
import { isExpired, type ApprovalRequest } from './approval';
import type { ApprovalPolicy } from './approval-policy';
import { target, type ApprovalRecords } from './approval-records';
import type { ApprovalDecisions } from './approval-decisions';
import type { Approvers } from './approvers';
import type { DeletionExecutor } from './deletion-executor';
import type { DeletionRequests } from './deletion-requests';
import type { ApprovalNotifier } from './ports/approval-notifier';
import type { ApprovalStore } from './ports/approval-store';

export interface SweepDeps {
  store: ApprovalStore;
  notifier: ApprovalNotifier;
  clock: Clock;
  log: Logger;
  policy?: ApprovalPolicy;
  records: ApprovalRecords;
  approvers: Approvers;
  executor: DeletionExecutor;
  decisions: ApprovalDecisions;
  requests: DeletionRequests;
}

/**
 * The sweep leaves an APPROVED request this long to the click that approved it (which takes the
 * lease a moment later), and a request without a stored message this long to its posting.
 */
export const SWEEP_GRACE_MS = 2 * 60_000;

export interface SweepCounts {
  executed: number;
  expired: number;
  withdrawn: number;
  reminded: number;
}

/** What nobody clicked: deletions a crash left, expiries, unposted requests and reminders. */
export class ApprovalSweep {
  constructor(private readonly deps: SweepDeps) {}

  /**
   * Finishes requests a crash left APPROVED, takes over deletions whose lease was abandoned, withdraws
   * requests whose message never got stored, and expires pending ones whose time is up.
   */
  async sweep(): Promise<SweepCounts> {
    const { store, clock, executor } = this.deps;
    const now = clock.now();
    let executed = 0;
    let expired = 0;
    let withdrawn = 0;
    let reminded = 0;
    const finished = (request: ApprovalRequest) => request.state === 'EXECUTED' || request.state === 'FAILED';
    for (const request of await store.listByState('APPROVED')) {
      const approvedAt = request.history[request.history.length - 1]?.at ?? request.createdAt;
      if (now.getTime() - approvedAt.getTime() < SWEEP_GRACE_MS) continue;
      if (finished(await executor.execute(request, 'system'))) executed++;
    }
    // Whether a lease was abandoned is judged by this replica's own observation, never by its
    // clock against the holder's (LeaseWatch).
    const executing = await store.listByState('EXECUTING');
    for (const request of await executor.takeOverAbandoned(executing)) if (finished(request)) executed++;
    for (const request of await store.listByState('PENDING')) {
      if (isExpired(request, now)) {
        if (await this.deps.decisions.expire(request)) expired++;
      } else if (!request.message && now.getTime() - request.createdAt.getTime() >= SWEEP_GRACE_MS) {
        if (await this.deps.requests.withdrawUnposted(request, 'system')) withdrawn++;
      } else if (await this.remindIfDue(request, now)) {
        reminded++;
      }
    }
    return { executed, expired, withdrawn, reminded };
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
    const approvers = await this.deps.approvers.yetToAct(request);
    try {
      await this.deps.notifier.remind(request, approvers);
    } catch (error) {
      this.deps.log.warn({ err: error, requestId: request.id }, 'the reminder could not be sent in full');
    }
    await this.deps.records.audit('system', 'remind', 'ok', {
      ...target(request),
      detail: `${approvers.length} approvers`,
    });
    return true;
  }
}
