import type { ApprovalRequest, MessageRef } from '../approvals/approval';

/** How approvals reach people; the Slack implementation lives in src/slack/notifiers. */
export interface ApprovalNotifier {
  /** Posts the request with Approve/Reject buttons to the approvals channel. */
  post(request: ApprovalRequest): Promise<MessageRef>;
  /** Updates the posted message in place with the request's current state. */
  update(request: ApprovalRequest): Promise<void>;
  /** Tells the requester how their request ended. */
  tellRequester(request: ApprovalRequest): Promise<void>;
}
