import {
  DEFAULT_APP,
  DEFAULT_TEAM,
  TEAM_DOMAIN,
  VERIFICATION_TOKEN,
  actionTs,
  findButton,
  triggerId,
} from './payloads';
import type { SlackView } from './types';

export interface ViewPerson {
  userId: string;
  userName?: string;
  teamId?: string;
  appId?: string;
  triggerId?: string;
}

export interface ViewAction extends ViewPerson {
  actionId: string;
  value: string;
  blockId?: string;
  view: SlackView;
}

/**
 * A button click on a Home tab or in a modal (`block_actions`), as Slack sends it: the container names the
 * view, the view comes whole, and there is no channel, message or response_url.
 */
export function viewBlockActionsPayload(a: ViewAction): Record<string, unknown> {
  const button = findButton(a.view.blocks, a.actionId);
  return {
    type: 'block_actions',
    ...common(a),
    container: { type: 'view', view_id: a.view.id },
    view: a.view,
    actions: [
      {
        action_id: a.actionId,
        block_id: a.blockId ?? button?.blockId ?? 'sandbox-block',
        text: { type: 'plain_text', text: button?.text ?? a.actionId, emoji: true },
        value: a.value,
        ...(button?.style !== undefined ? { style: button.style } : {}),
        type: 'button',
        action_ts: actionTs(),
      },
    ],
  };
}

/** A modal's submit button (`view_submission`): the view with its inputs in `state.values`. */
export function viewSubmissionPayload(s: ViewPerson & { view: SlackView }): Record<string, unknown> {
  return {
    type: 'view_submission',
    ...common(s),
    view: s.view,
    // Filled only for modals with response_url_enabled inputs, which Keywarden has none of.
    response_urls: [],
  };
}

function common(p: ViewPerson): Record<string, unknown> {
  const teamId = p.teamId ?? DEFAULT_TEAM;
  const userName = p.userName ?? p.userId.toLowerCase();
  return {
    team: { id: teamId, domain: TEAM_DOMAIN },
    user: { id: p.userId, username: userName, name: userName, team_id: teamId },
    api_app_id: p.appId ?? DEFAULT_APP,
    token: VERIFICATION_TOKEN,
    trigger_id: p.triggerId ?? triggerId(),
    enterprise: null,
    is_enterprise_install: false,
  };
}
