import type { ApprovalRequest } from '../../approvals/domain';

/** How a deletion request ended, as `request_key_deletion` outputs it (`decision`): run-contract words. */
export type StepDecision = 'deleted' | 'rejected' | 'expired' | 'withdrawn' | 'failed';

/**
 * The decision of an ended request; undefined while it is open. A request withdrawn because its message
 * could not be posted is stored REJECTED with a `withdrawn` outcome: withdrawn is what it was.
 */
export function decisionOf(request: ApprovalRequest): StepDecision | undefined {
  switch (request.state) {
    case 'EXECUTED':
      return 'deleted';
    case 'FAILED':
      return 'failed';
    case 'EXPIRED':
      return 'expired';
    case 'WITHDRAWN':
      return 'withdrawn';
    case 'REJECTED':
      return request.outcome?.kind === 'withdrawn' ? 'withdrawn' : 'rejected';
    default:
      return undefined;
  }
}
