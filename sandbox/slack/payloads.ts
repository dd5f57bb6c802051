import { randomBytes, randomInt } from 'node:crypto';

/** The deprecated verification token Slack still sends in every body; Bolt ignores it in favour of signatures. */
export const VERIFICATION_TOKEN = 'sandboxverificationtoken';
export const DEFAULT_TEAM = 'T0SANDBOX';
export const DEFAULT_APP = 'A0KEYWARDEN';
export const TEAM_DOMAIN = 'keywarden-sandbox';

export interface SlashCommand {
  command: string;
  text: string;
  userId: string;
  userName?: string;
  channelId: string;
  channelName?: string;
  responseUrl: string;
  teamId?: string;
  appId?: string;
  triggerId?: string;
}

/** A slash command as Slack sends it: every field a string, in Slack's order. */
export function slashCommandPayload(c: SlashCommand): Record<string, string> {
  return {
    token: VERIFICATION_TOKEN,
    team_id: c.teamId ?? DEFAULT_TEAM,
    team_domain: TEAM_DOMAIN,
    channel_id: c.channelId,
    channel_name: c.channelName ?? channelName(c.channelId),
    user_id: c.userId,
    user_name: c.userName ?? c.userId.toLowerCase(),
    command: c.command,
    text: c.text,
    api_app_id: c.appId ?? DEFAULT_APP,
    is_enterprise_install: 'false',
    response_url: c.responseUrl,
    trigger_id: c.triggerId ?? triggerId(),
  };
}

/** The form-encoded body of a slash command over HTTP. */
export function slashCommandBody(c: SlashCommand): string {
  return new URLSearchParams(slashCommandPayload(c)).toString();
}

export interface BlockAction {
  userId: string;
  userName?: string;
  actionId: string;
  value: string;
  blockId?: string;
  channelId: string;
  messageTs?: string;
  responseUrl: string;
  teamId?: string;
  appId?: string;
  isEphemeral?: boolean;
  /** One the stand-in issued, for views.open; a random one (that views.open refuses) otherwise. */
  triggerId?: string;
  /** An overflow menu's option picked (`value` is the option's); found from the message when it has the menu. */
  overflow?: boolean;
  /** The message the button is on; Slack leaves it out for ephemeral messages. */
  message?: { text?: string; blocks?: unknown[]; user?: string; botId?: string; threadTs?: string };
}

/** A button click (`block_actions`) as Slack sends it. */
export function blockActionsPayload(a: BlockAction): Record<string, unknown> {
  const teamId = a.teamId ?? DEFAULT_TEAM;
  const userName = a.userName ?? a.userId.toLowerCase();
  const button = findButton(a.message?.blocks, a.actionId, a.value);
  const isEphemeral = a.isEphemeral ?? false;
  return {
    type: 'block_actions',
    user: { id: a.userId, username: userName, name: userName, team_id: teamId },
    api_app_id: a.appId ?? DEFAULT_APP,
    token: VERIFICATION_TOKEN,
    // Slack marks an ephemeral origin with is_ephemeral; the container type stays 'message'.
    container: {
      type: 'message',
      ...(a.messageTs !== undefined ? { message_ts: a.messageTs } : {}),
      channel_id: a.channelId,
      is_ephemeral: isEphemeral,
    },
    trigger_id: a.triggerId ?? triggerId(),
    team: { id: teamId, domain: TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: a.channelId, name: channelName(a.channelId) },
    ...(a.message && !isEphemeral ? { message: messageObject(a.message, a.messageTs, teamId) } : {}),
    state: { values: {} },
    response_url: a.responseUrl,
    actions: [
      a.overflow || button?.overflow
        ? // An overflow menu: Slack sends the option picked, with no value of the element's own.
          {
            type: 'overflow',
            action_id: a.actionId,
            block_id: a.blockId ?? button?.blockId ?? 'sandbox-block',
            selected_option: {
              text: { type: 'plain_text', text: button?.text ?? a.value, emoji: true },
              value: a.value,
            },
            action_ts: actionTs(),
          }
        : {
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

/** How Slack delivers interactivity over HTTP: one form field, `payload`, holding JSON. */
export function interactiveBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function messageObject(
  message: NonNullable<BlockAction['message']>,
  ts: string | undefined,
  teamId: string,
): Record<string, unknown> {
  return {
    type: 'message',
    ...(message.user !== undefined ? { user: message.user } : {}),
    ...(message.botId !== undefined ? { bot_id: message.botId } : {}),
    ...(ts !== undefined ? { ts } : {}),
    ...(message.threadTs !== undefined ? { thread_ts: message.threadTs } : {}),
    team: teamId,
    text: message.text ?? '',
    ...(message.blocks !== undefined ? { blocks: message.blocks } : {}),
  };
}

export function findButton(
  blocks: unknown[] | undefined,
  actionId: string,
  value?: string,
): { blockId?: string; text?: string; style?: string; overflow?: boolean } | undefined {
  for (const block of blocks ?? []) {
    if (!isRecord(block)) continue;
    const elements = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory];
    const element = elements.find(
      (e): e is Record<string, unknown> => isRecord(e) && e.action_id === actionId,
    );
    if (!element) continue;
    if (element.type === 'overflow') {
      // Many lines share one menu's action id: the line is the one whose menu offers this option.
      const option = optionOf(element, value);
      if (!option) continue;
      return {
        blockId: typeof block.block_id === 'string' ? block.block_id : undefined,
        text: option.text,
        overflow: true,
      };
    }
    const text =
      isRecord(element.text) && typeof element.text.text === 'string' ? element.text.text : undefined;
    return {
      blockId: typeof block.block_id === 'string' ? block.block_id : undefined,
      text,
      style: typeof element.style === 'string' ? element.style : undefined,
    };
  }
  return undefined;
}

/** The option of an overflow menu that carries `value`, with its label. */
function optionOf(
  element: Record<string, unknown>,
  value: string | undefined,
): { text?: string } | undefined {
  const options = Array.isArray(element.options) ? element.options : [];
  const option = options.find((o): o is Record<string, unknown> => isRecord(o) && o.value === value);
  if (!option) return undefined;
  return {
    text: isRecord(option.text) && typeof option.text.text === 'string' ? option.text.text : undefined,
  };
}

function channelName(channelId: string): string {
  if (channelId.startsWith('D')) return 'directmessage';
  if (channelId.startsWith('G')) return 'privategroup';
  return channelId.toLowerCase();
}

export function triggerId(): string {
  return `${randomInt(1e9, 1e10)}.${randomInt(1e9, 1e10)}.${randomBytes(16).toString('hex')}`;
}

export function actionTs(): string {
  return (Date.now() / 1000).toFixed(6);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
