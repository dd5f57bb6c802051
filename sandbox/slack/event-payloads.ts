import { randomBytes } from 'node:crypto';

import { DEFAULT_APP, DEFAULT_TEAM, VERIFICATION_TOKEN } from './payloads';

export interface EventCallback {
  event: Record<string, unknown>;
  teamId?: string;
  appId?: string;
  /** The bot user the event is delivered for: Slack names the installation in `authorizations`. */
  botUserId: string;
}

/** An Events API delivery (`event_callback`), as Slack POSTs it: JSON, not form-encoded. */
export function eventCallbackPayload(e: EventCallback): Record<string, unknown> {
  const teamId = e.teamId ?? DEFAULT_TEAM;
  const now = Date.now();
  return {
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: e.appId ?? DEFAULT_APP,
    event: { event_ts: (now / 1000).toFixed(6), ...e.event },
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(now / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: e.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(12).toString('base64url')}`,
  };
}
