import type { WebClient } from '@slack/web-api';
import type { HomeService } from '../domain/home-service';
import type { Clock, SlackUserId } from '../../../kernel/types';
import type { Logger } from '../../../platform/logger';
import { homeView } from './home';
import { HOME_FAILED, HOME_TITLE } from './home-texts';
import { header, section, type Reply } from '../../../platform/slack/blocks/primitives';
import type { MessageLinks } from '../../../platform/slack/message-links';
import { codeOf } from '../../../kernel/errors';

/**
 * Publishes one person's Home, with what came of their last click on it, if anything: a line, or a
 * Reply whose blocks hold the way on (a rotation refused at two keys, with its buttons).
 */
export type PublishHome = (userId: SlackUserId, notice?: string | Reply) => Promise<void>;

export interface HomePublisherDeps {
  home: Pick<HomeService, 'stateOf'>;
  links: Pick<MessageLinks, 'linker'>;
  client: WebClient;
  clock: Clock;
  log: Logger;
}

/**
 * Builds and publishes the Home. When it cannot be built, the person sees a short Home saying so,
 * never an older one (which could show keys that are no longer true) and never nothing.
 */
export function homePublisher(deps: HomePublisherDeps): PublishHome {
  return async (userId, notice) => {
    const log = deps.log.child({ slackUser: userId, surface: 'home' });
    let view;
    try {
      const [state, linkTo] = await Promise.all([deps.home.stateOf(userId), deps.links.linker()]);
      view = homeView(state, { now: deps.clock.now(), notice, linkTo });
    } catch (error) {
      log.error({ err: error, code: codeOf(error) ?? 'UNEXPECTED' }, 'Home not built');
      view = { type: 'home' as const, blocks: [header(HOME_TITLE), section(HOME_FAILED)] };
    }
    try {
      await deps.client.views.publish({ user_id: userId, view });
    } catch (error) {
      log.warn({ err: error }, 'the Home could not be published');
    }
  };
}
