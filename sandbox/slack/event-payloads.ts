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

/**
 * The `function_executed` event of a custom step's run, as Slack sends it (@slack/types
 * FunctionExecutedEvent): the step, its inputs (a user_context input is `{id, secret}`), the run's ids
 * and its short-lived `bot_access_token`. No `user`: who ran it is only in a user_context input.
 */
export function functionExecutedEvent(
  execution: { executionId: string; workflowExecutionId: string; callbackId: string; token: string },
  inputs: Record<string, unknown>,
  appId = DEFAULT_APP,
): Record<string, unknown> {
  const created = Math.floor(Date.now() / 1000);
  return {
    type: 'function_executed',
    function: {
      id: `Fn${execution.callbackId.length.toString(16).toUpperCase()}${created}`,
      callback_id: execution.callbackId,
      title: execution.callbackId,
      description: '',
      type: 'app',
      input_parameters: [],
      output_parameters: [],
      app_id: appId,
      date_created: created,
      date_updated: created,
      date_deleted: 0,
    },
    inputs,
    function_execution_id: execution.executionId,
    workflow_execution_id: execution.workflowExecutionId,
    bot_access_token: execution.token,
  };
}

/** A user_context input as Slack fills it: the person who ran the workflow; a builder cannot type one. */
export function userContext(userId: string): Record<string, unknown> {
  return { id: userId, secret: randomBytes(16).toString('hex') };
}
