import type { HomeView, KnownBlock } from '@slack/types';
import type { MessageRef } from '../../../kernel/message-ref';
import type { HomeState } from '../domain/home-state';
import { formatDateTime } from '../../../platform/slack/blocks/format';
import { context, header, section, type Reply } from '../../../platform/slack/blocks/primitives';
import { keysSection } from './home-keys';
import { reportsSection } from './home-reports';
import { awaitingRow, listSection, myRequestRow } from './home-requests';
import {
  AWAITING_HEADER,
  DECIDE_ON_MESSAGE,
  HOME_TITLE,
  MY_REQUESTS_HEADER,
  NO_OPEN_REQUESTS,
  NOTHING_AWAITING,
  STRANGER_HOME,
} from './home-texts';

export * from './home-actions';
export type { HomeKeyValue } from './home-keys';
export { formatElapsed, homeDecisionValue } from './home-requests';

/** Slack's limit for a Home tab (a message holds 50). */
export const HOME_BLOCK_LIMIT = 100;
const MAX_REQUESTS = 10;
const MAX_AWAITING = 12;

export interface HomeViewOptions {
  now: Date;
  /** What came of the person's last click on the Home, shown at the top (a Reply: its blocks). */
  notice?: string | Reply;
  /** The permalink of a request's approval message, where it can be; absent: no link. */
  linkTo?: (message: MessageRef) => string | undefined;
}

/**
 * A person's Home: their keys worst first, their requests, what awaits them and, for admins, the
 * reports. Within Slack's 100 blocks: the other sections are capped first, and the keys fill the
 * rest, with a count of those left out.
 */
export function homeView(state: HomeState, options: HomeViewOptions): HomeView {
  const { now } = options;
  const top: KnownBlock[] = [header(HOME_TITLE)];
  const { notice } = options;
  if (typeof notice === 'string' && notice) top.push(section(notice));
  else if (typeof notice === 'object')
    top.push(...(notice.blocks.length > 0 ? notice.blocks : [section(notice.text)]));
  if (state.kind === 'stranger') return { type: 'home', blocks: [...top, section(STRANGER_HOME)] };
  const roles = [state.isAdmin ? 'admin' : undefined, state.isApprover ? 'approver' : undefined].filter(
    Boolean,
  );
  top.push(
    context(
      `<@${state.slackUserId}>${roles.length > 0 ? ` · ${roles.join(' · ')}` : ''} · updated ${formatDateTime(now)}`,
    ),
  );
  const rest: KnownBlock[] = [
    ...listSection(MY_REQUESTS_HEADER, state.myRequests, NO_OPEN_REQUESTS, MAX_REQUESTS, (request) =>
      myRequestRow(request, now),
    ),
  ];
  if (state.awaiting) {
    rest.push(
      ...listSection(AWAITING_HEADER, state.awaiting, NOTHING_AWAITING, MAX_AWAITING, (request) =>
        awaitingRow(request, state.slackUserId, now, options.linkTo),
      ),
    );
    if (state.awaiting.ok && state.awaiting.value.length > 0) rest.push(context(DECIDE_ON_MESSAGE));
  }
  if (state.reports) rest.push(...reportsSection(state.reports));
  const room = HOME_BLOCK_LIMIT - top.length - rest.length;
  const keys = keysSection(state.keys, now, state.deletionEnabled, room);
  return { type: 'home', blocks: [...top, ...keys, ...rest].slice(0, HOME_BLOCK_LIMIT) };
}
