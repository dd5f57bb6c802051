import type { SlackUserId } from '../../../../kernel/types';
import type { StepUpResult } from '../step-up-result';
import type { StepUpPurpose } from '../step-up-ticket';

/** Tells the ticket's person, in Slack where they clicked (beside the request, or the card), how their step-up ended. */
export interface StepUpNotifier {
  tell(approver: SlackUserId, purpose: StepUpPurpose, result: StepUpResult): Promise<void>;
}
