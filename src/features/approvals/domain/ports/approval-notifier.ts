import type { SlackUserId } from '../../../../kernel/types';
import type { ApprovalRequest, MessageRef } from '../approval';

/** How approvals reach people; the Slack implementation lives in the slice's slack/ folder. */
export interface ApprovalNotifier {
  /** Posts the request with Approve/Reject buttons to the approvals channel. */
  post(request: ApprovalRequest): Promise<MessageRef>;
  /** Updates the posted message in place with the request's current state. */
  update(request: ApprovalRequest): Promise<void>;
  /** Tells the requester how their request ended. */
  tellRequester(request: ApprovalRequest): Promise<void>;
  /** Re-announces a pending request: a reply in its thread, and a DM to each approver named. */
  remind(request: ApprovalRequest, approvers: readonly SlackUserId[]): Promise<void>;
  /** A link to a request's message for people to follow; undefined when none can be made. */
  linkTo(message: MessageRef): Promise<string | undefined>;
}
