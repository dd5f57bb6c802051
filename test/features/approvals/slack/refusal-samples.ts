import type { ApprovalRefusal } from '../../../../src/features/approvals/domain/refusals';
import type { RefusalSamples } from '../../../support/refusal-texts';

export const APPROVAL_SAMPLES: RefusalSamples<ApprovalRefusal> = {
  'approvals-not-configured': { reason: 'approvals-not-configured' },
  'no-such-request': { reason: 'no-such-request' },
  'not-pending': { reason: 'not-pending', state: 'EXECUTED' },
  expired: { reason: 'expired' },
  'self-approval': { reason: 'self-approval' },
  'not-approver': { reason: 'not-approver' },
  'not-requester': { reason: 'not-requester' },
  'reason-required': { reason: 'reason-required', hint: 'Start with the ticket, like INC-123.' },
  'reason-mismatch': { reason: 'reason-mismatch', hint: 'Start with the ticket, like INC-123.' },
  'already-approved': { reason: 'already-approved' },
  'already-requested': {
    reason: 'already-requested',
    requestId: 'r-1',
    link: 'https://example.slack.com/archives/C0APPROVALS/p1700000000000100',
  },
  'approval-post-failed': { reason: 'approval-post-failed' },
  'wrong-message': { reason: 'wrong-message' },
  'step-up-required': { reason: 'step-up-required', requestId: 'r-1' },
};
