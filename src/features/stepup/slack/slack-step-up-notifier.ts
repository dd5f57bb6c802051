import type { WebClient } from '@slack/web-api';
import { decisionText } from '../../approvals';
import type { StepUpNotifier } from '../domain/ports/step-up-notifier';
import type { StepUpResult } from '../domain/step-up-result';
import { channelOf, type StepUpPurpose } from '../domain/step-up-ticket';
import type { Logger } from '../../../platform/logger';
import { refusalText } from '../../../platform/slack/blocks/refusal-texts';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import type { SlackUserId } from '../../../kernel/types';
import { stepUpFailureText } from './texts';

/** What the approver (or the re-activating admin) reads in Slack after their step-up. */
export function stepUpResultText(result: StepUpResult): string {
  if (result.ok) return 'request' in result ? decisionText('approve', result.request) : result.reactivated;
  if (result.failure === 'approval-refused') return refusalText(result.refusal);
  if (result.failure === 'reactivation-refused') return result.text;
  return stepUpFailureText(result.failure, result.verb);
}

/**
 * Ephemeral, where they clicked moments ago (beside the request, or in the incident card's
 * channel). A message that cannot be delivered is logged; the browser's page says the same.
 */
export class SlackStepUpNotifier implements StepUpNotifier {
  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
  ) {}

  async tell(approver: SlackUserId, purpose: StepUpPurpose, result: StepUpResult): Promise<void> {
    const reply = plainReply(stepUpResultText(result));
    const channel = channelOf(purpose);
    if (!channel) {
      this.log.warn('the step-up answer has no channel to go to; the browser page says it');
      return;
    }
    try {
      await this.client.chat.postEphemeral({
        channel,
        user: approver,
        text: reply.text,
        blocks: reply.blocks,
      });
    } catch (error) {
      this.log.warn({ err: error }, 'the step-up answer could not be delivered');
    }
  }
}
