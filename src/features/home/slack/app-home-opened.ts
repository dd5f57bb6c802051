import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { asSlackUserId } from '../../../kernel/types';
import type { PublishHome } from './publish-home';

/**
 * Each time a person opens the Home tab, their Home is built again from IAM and the store: it is
 * the one place that shows their own state, so it is never served from an older view.
 */
export function appHomeOpened(publishHome: PublishHome) {
  return async function publishOpenedHome({
    event,
  }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) {
    if (event.tab !== undefined && event.tab !== 'home') return; // the Messages tab is the DM
    const userId = asSlackUserId(event.user);
    if (!userId) return;
    await publishHome(userId);
  };
}
