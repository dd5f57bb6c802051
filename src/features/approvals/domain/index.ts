/** The approvals slice's domain door (see features/keys/domain/index.ts). */
export type { ApprovalRequest } from './approval';
export type { ApprovalService } from './approval-service';
export type { PendingRequests } from './pending-requests';
export type { ApprovalRefusal } from './refusals';
export type { RequestEnded } from './request-endings';
export { isFinal } from './open-request-claims';
export type { StepUpEvidence, StepUpGate, PendingDecision } from './step-up';
export { stepUpNote } from './step-up';
