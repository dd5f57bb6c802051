import {
  LogLevel,
  WebClient,
  type ActionsBlock,
  type Logger,
  type SectionBlock,
  type WebClientOptions,
} from '@slack/web-api';

import { startSlackServer, type SlackServer } from '../../../sandbox/slack';

export const BOT_TOKEN = 'xoxb-sandbox-bot';
export const APP_TOKEN = 'xapp-sandbox-app';
export const SIGNING_SECRET = 'sandbox-signing-secret';

export const ALICE = { id: 'U0ALICE', name: 'alice', realName: 'Alice Liddell', email: 'alice@example.com' };
export const BOB = { id: 'U0BOB', name: 'bob', email: 'Bob@Example.com' };
export const CAROL = { id: 'U0CAROL', name: 'carol', deleted: true };

export function startSandbox(): Promise<SlackServer> {
  return startSlackServer({
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    users: [ALICE, BOB, CAROL],
    usergroups: { S0ADMINS: [ALICE.id] },
  });
}

/** A real WebClient pointed at the sandbox; no retries unless a test asks, so failures show as they are. */
export function webClient(server: SlackServer, options: WebClientOptions = {}, token = BOT_TOKEN): WebClient {
  return new WebClient(token, {
    slackApiUrl: server.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
    ...options,
  });
}

/** For tests whose point is an error the WebClient would also log. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

export function section(text: string, blockId?: string): SectionBlock {
  return { type: 'section', ...(blockId ? { block_id: blockId } : {}), text: { type: 'mrkdwn', text } };
}

export function buttons(
  blockId: string,
  ...actions: { actionId: string; value: string; text?: string }[]
): ActionsBlock {
  return {
    type: 'actions',
    block_id: blockId,
    elements: actions.map((a) => ({
      type: 'button' as const,
      action_id: a.actionId,
      value: a.value,
      text: { type: 'plain_text' as const, text: a.text ?? a.actionId },
    })),
  };
}
