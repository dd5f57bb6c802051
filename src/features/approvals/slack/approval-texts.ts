import type { ApprovalRequest } from '../domain/approval';
import { outcomeText } from './approval-outcome';
import { BEING_DELETED } from './texts';

/** What the approver is told after a decision, by the state the request was left in. */
export function decisionText(verb: 'approve' | 'reject', request: ApprovalRequest): string {
  if (verb === 'reject') return 'You rejected the request; the key was kept.';
  switch (request.state) {
    case 'PENDING':
      return 'Your approval is recorded; the request needs another approver.';
    case 'EXECUTED':
      return 'Approved. The key was deleted.';
    case 'APPROVED':
      return 'Approved. IAM did not answer; the deletion will be retried automatically.';
    case 'EXECUTING':
      return BEING_DELETED;
    default:
      return `Approved, but the deletion failed: ${request.outcome ? outcomeText(request.outcome) : 'unknown error'}.`;
  }
}

export const WITHDRAWN = 'You withdrew the request; the key was kept.';
