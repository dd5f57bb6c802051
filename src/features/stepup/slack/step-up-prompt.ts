import type { Actor } from '../../../kernel/authorization';
import type { PendingDecision } from '../../approvals';
import type { StepUpService } from '../domain/step-up-service';
import { actions, button, section, type Reply } from '../../../platform/slack/blocks/primitives';
import { stepUpPromptText } from './texts';

/** The link button's id: Slack opens the URL and still sends the click, which is acked and nothing more. */
export const STEP_UP_LINK_ACTION = 'stepup_verify';

/**
 * The approver's answer to Approve when the policy asks for a step-up: a ticket, and a button that
 * opens <base>/stepup/start?t=<token> in their browser. Ephemeral: the token is theirs alone.
 */
export function stepUpPrompt(
  service: Pick<StepUpService, 'issue'>,
  startUrl: string,
  provider: string,
): (actor: Actor, decision: PendingDecision) => Promise<Reply> {
  return async function promptStepUp(actor, decision) {
    const token = await service.issue(actor, decision);
    const text = stepUpPromptText(provider);
    return {
      text,
      blocks: [
        section(text),
        actions([
          button({
            text: `Verify with ${provider}`,
            actionId: STEP_UP_LINK_ACTION,
            value: 'stepup',
            style: 'primary',
            url: `${startUrl}?t=${encodeURIComponent(token)}`,
          }),
        ]),
      ],
    };
  };
}
