import type { ButtonListener, Click } from '../../../platform/bolt/action-router';
import type { PublishHome } from './publish-home';
import type { Reply } from '../../../platform/slack/blocks/primitives';

/**
 * A button on the Home: the Home itself is the answer (a Home view has no response_url and no
 * message), published again with what came of the click at the top; so is a failure, which the
 * request middleware logs. `handle` answers '' when it opened a modal instead: the Home is then
 * published again once the modal is submitted. A notice that is a refusal's Reply counts the click
 * as refused.
 */
export function homeButton(
  publishHome: PublishHome,
  handle: (click: Click) => Promise<string | Reply>,
): ButtonListener {
  return async (click) => {
    click.answerFailureWith((reply) => publishHome(click.user, reply.text));
    const answer = await handle(click);
    if (typeof answer !== 'string' && answer.refused) click.refused();
    // A Reply's blocks are shown as they are (buttons that lead on); a plain line as its text.
    const text = typeof answer === 'string' ? answer : answer.text;
    if (text !== '') await publishHome(click.user, answer);
    return undefined;
  };
}
