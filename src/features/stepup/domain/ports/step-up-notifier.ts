import type { SlackUserId } from '../../../../kernel/types';
import type { PendingDecision } from '../../../approvals/domain';
import type { StepUpResult } from '../step-up-result';

/** Tells the approver, in Slack beside the request, how their step-up ended. */
export interface StepUpNotifier {
  tell(approver: SlackUserId, decision: PendingDecision, result: StepUpResult): Promise<void>;
}
