import { ApprovalService, type ApprovalDeps } from './approval-service';
import { PendingRequests } from './pending-requests';
import type { ApprovalPages } from './ports/approval-pages';

export interface ApprovalsPorts extends ApprovalDeps {
  /** The open-requests index read a slice at a time (`/keys approvals`, the Home's own requests). */
  pages: ApprovalPages;
}

/**
 * The approvals slice's domain built from its ports alone: install() passes the DynamoDB and Slack
 * adapters, the unit tests pass fakes, so both run the same wiring.
 */
export function createApprovalsDomain(ports: ApprovalsPorts): {
  service: ApprovalService;
  pending: PendingRequests;
} {
  const { pages, ...deps } = ports;
  return { service: new ApprovalService(deps), pending: new PendingRequests(pages, deps.clock) };
}
