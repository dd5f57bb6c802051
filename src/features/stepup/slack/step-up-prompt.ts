import type { Actor } from '../../../kernel/authorization';
import type { StepUpService } from '../domain/step-up-service';
import type { StepUpPurpose } from '../domain/step-up-ticket';
import { actions, button, section, type Reply } from '../../../platform/slack/blocks/primitives';
import { stepUpPromptText } from './texts';

/** The link button's id: Slack opens the URL and still sends the click, which is acked and nothing more. */
export const STEP_UP_LINK_ACTION = 'stepup_verify';

/**
 * The answer to Approve (or to Re-activate…) when the policy asks for a step-up: a ticket bound to
 * that action, and a button that opens <base>/stepup/start?t=<token> in the person's browser.
 * Ephemeral: the token is theirs alone.
 */
export function stepUpPrompt(
  service: Pick<StepUpService, 'issue'>,
  startUrl: string,
  provider: string,
): (actor: Actor, purpose: StepUpPurpose) => Promise<Reply> {
  return async function promptStepUp(actor, purpose) {
    const token = await service.issue(actor, purpose);
    const text = stepUpPromptText(provider, purpose.verb);
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
