import type { WebClient } from '@slack/web-api';
import { decisionText, type PendingDecision } from '../../approvals';
import type { StepUpNotifier } from '../domain/ports/step-up-notifier';
import type { StepUpResult } from '../domain/step-up-result';
import type { Logger } from '../../../platform/logger';
import { refusalText } from '../../../platform/slack/blocks/refusal-texts';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import type { SlackUserId } from '../../../kernel/types';
import { STEP_UP_FAILURE_TEXTS } from './texts';

/** What the approver reads in Slack after their step-up. */
export function stepUpResultText(result: StepUpResult): string {
  if (result.ok) return decisionText('approve', result.request);
  if (result.failure === 'approval-refused') return refusalText(result.refusal);
  return STEP_UP_FAILURE_TEXTS[result.failure];
}

/**
 * Ephemeral, beside the request, to the approver: they clicked Approve there moments ago. A message
 * that cannot be delivered is logged; the browser's page says the same.
 */
export class SlackStepUpNotifier implements StepUpNotifier {
  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
  ) {}

  async tell(approver: SlackUserId, decision: PendingDecision, result: StepUpResult): Promise<void> {
    const reply = plainReply(stepUpResultText(result));
    try {
      await this.client.chat.postEphemeral({
        channel: decision.message.channel,
        user: approver,
        text: reply.text,
        blocks: reply.blocks,
      });
    } catch (error) {
      this.log.warn({ err: error }, 'the step-up answer could not be delivered');
    }
  }
}
