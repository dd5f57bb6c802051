import type { Account } from '../../../kernel/accounts';
import { managedAccountOf } from '../../../kernel/account-ref';
import type { Actor } from '../../../kernel/authorization';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import type { People } from '../../../kernel/ports/people';
import type { SlackUserId } from '../../../kernel/types';
import type { ApprovalRequest } from './approval';
import { ruleFor, type ApprovalPolicy } from './approval-policy';

export interface ApproversDeps {
  accounts: IamAccounts;
  policy?: ApprovalPolicy;
  /** Who holds an approvers list (user and user-group ids). */
  people?: Pick<People, 'holds' | 'membersOf'>;
}

/** Who may decide a request: the policy in force for its account, asked of Slack at each click. */
export class Approvers {
  constructor(private readonly deps: ApproversDeps) {}

  /** The managed account a request names, by id where known; undefined when no longer managed. */
  accountOf(request: ApprovalRequest): Account | undefined {
    return managedAccountOf(request, this.deps.accounts.all());
  }

  /**
   * The account's own approvers where the policy names them; the global approvers otherwise (and
   * for a request whose account left the policy, which no approval can carry out anyway).
   */
  async isApproverFor(actor: Actor, account: Account | undefined): Promise<boolean> {
    const rule = account && this.deps.policy ? ruleFor(this.deps.policy, account) : undefined;
    return rule?.ownApprovers ? this.holds(actor, rule.approvers) : actor.isApprover;
  }

  /** Whether they decide any request at all: a global approver, or in some account's list. */
  async approvesAny(actor: Actor): Promise<boolean> {
    if (actor.isApprover) return true;
    const lists = Object.values(this.deps.policy?.accounts ?? {}).flatMap((account) =>
      account.approvers ? [account.approvers] : [],
    );
    for (const list of lists) if (await this.holds(actor, list)) return true;
    return false;
  }

  /** The approvers of the request's account who have not acted on it (nor asked for it). */
  async yetToAct(request: ApprovalRequest): Promise<SlackUserId[]> {
    const { policy, people } = this.deps;
    const account = this.accountOf(request);
    // A request whose account left the policy can no longer be approved: nobody is asked to.
    if (!policy || !people || !account) return [];
    const acted = new Set<string>([request.requestedBy, ...request.approvals.map((approval) => approval.by)]);
    return (await people.membersOf(ruleFor(policy, account).approvers)).filter(
      (approver) => !acted.has(approver),
    );
  }

  private async holds(actor: Actor, list: readonly string[]): Promise<boolean> {
    // Deny by default: without a way to ask who holds the role, nobody does.
    return this.deps.people ? this.deps.people.holds(actor.slackUserId, list) : false;
  }
}
