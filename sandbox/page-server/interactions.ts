import { REQUEST_KEY_DELETION_STEP } from '../../src/features/workflows/slack/step-ids';
import { userContext, type SlackDriver, type SlackServer, type StoredMessage } from '../slack';
import { ONLY_KEYS_HINT, type ClickRequest, type CommandRequest, type RunWorkflowRequest } from './api';
import { HttpError, stringField } from './http-io';

export interface InteractionDeps {
  slack: SlackServer;
  driver: SlackDriver;
  people: readonly { id: string }[];
  /** The channels a person may type in or click on: the named channels and their own DM. */
  channelsOf(userId: string): string[];
}

const KEYS_COMMAND = /^\/keys(?:\s+([\s\S]*))?$/;

function person(deps: InteractionDeps, body: Record<string, unknown>): string {
  const as = stringField(body, 'as', 32);
  if (!deps.people.some((p) => p.id === as))
    throw new HttpError(400, `as: ${as} is not one of the demo people`);
  return as;
}

function channelFor(deps: InteractionDeps, body: Record<string, unknown>, as: string): string {
  const channel = stringField(body, 'channel', 32);
  if (!deps.channelsOf(as).includes(channel)) throw new HttpError(403, `${as} cannot use channel ${channel}`);
  return channel;
}

export function parseCommandRequest(deps: InteractionDeps, body: Record<string, unknown>): CommandRequest {
  const as = person(deps, body);
  const channel = channelFor(deps, body, as);
  const text = stringField(body, 'text', 4000).trim();
  if (!KEYS_COMMAND.test(text)) throw new HttpError(400, ONLY_KEYS_HINT);
  return { as, channel, text };
}

export function parseRunWorkflowRequest(
  deps: InteractionDeps,
  body: Record<string, unknown>,
): RunWorkflowRequest {
  const as = person(deps, body);
  const keyId = stringField(body, 'keyId', 128).trim();
  if (!/^\w{16,128}$/.test(keyId)) throw new HttpError(400, 'keyId: not a key id');
  // Passed on as a workflow's form would: the bot checks it against the policy, as for /keys delete.
  const reason = stringField(body, 'reason', 500);
  return { as, keyId, reason };
}

/**
 * A small workflow, "request deletion of this key": Workflow Builder runs Keywarden's
 * `request_key_deletion` step with the person who ran it as its `requester`, over a signed
 * `function_executed`. The run completes when the request ends (the panel's Workflow runs).
 */
export async function runDeletionWorkflow(
  deps: InteractionDeps,
  request: RunWorkflowRequest,
): Promise<string> {
  const reply = await deps.driver.functionExecuted(REQUEST_KEY_DELETION_STEP, {
    key_id: request.keyId,
    reason: request.reason,
    requester: userContext(request.as),
  });
  checkReply(reply);
  return reply.executionId;
}

function checkReply(reply: { status: number; body: string }): void {
  if (reply.status !== 200)
    throw new HttpError(502, `the bot answered HTTP ${reply.status}: ${reply.body.slice(0, 200)}`);
}

/** A signed slash command, exactly as Slack would send it, from the person the page is signed in as. */
export async function sendCommand(deps: InteractionDeps, request: CommandRequest): Promise<void> {
  const text = KEYS_COMMAND.exec(request.text)?.[1] ?? '';
  const reply = await deps.driver.command(text, { userId: request.as, channelId: request.channel });
  // The driver shows an ack's body in the conversation, as Slack does.
  checkReply(reply);
}

interface ButtonElement {
  type?: unknown;
  action_id?: unknown;
  value?: unknown;
  options?: unknown;
}

/** An overflow menu's options, each as the click that picks it: the menu's action id, the option's value. */
function optionsOf(menu: ButtonElement): ButtonElement[] {
  const options = Array.isArray(menu.options) ? (menu.options as { value?: unknown }[]) : [];
  return options.map((option) => ({
    type: 'overflow',
    action_id: menu.action_id,
    value: option.value,
  }));
}

function buttonsOf(message: StoredMessage): { blockId?: string; button: ButtonElement }[] {
  const found: { blockId?: string; button: ButtonElement }[] = [];
  for (const block of (message.blocks ?? []) as Record<string, unknown>[]) {
    const blockId = typeof block.block_id === 'string' ? block.block_id : undefined;
    const candidates = [block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])];
    for (const element of candidates as ButtonElement[]) {
      if (element && element.type === 'button') found.push({ blockId, button: element });
      if (element && element.type === 'overflow')
        for (const option of optionsOf(element)) found.push({ blockId, button: option });
    }
  }
  return found;
}

export function parseClickRequest(deps: InteractionDeps, body: Record<string, unknown>): ClickRequest {
  const as = person(deps, body);
  const channel = channelFor(deps, body, as);
  const messageTs = stringField(body, 'messageTs', 32);
  const actionId = stringField(body, 'actionId', 255);
  const value = typeof body.value === 'string' ? body.value : '';
  const blockId = typeof body.blockId === 'string' && body.blockId !== '' ? body.blockId : undefined;
  const message = deps.slack.messages(channel).find((m) => m.ts === messageTs);
  if (!message || (message.ephemeralTo !== undefined && message.ephemeralTo !== as)) {
    throw new HttpError(404, `no message ${messageTs} in ${channel} that ${as} can see`);
  }
  // Slack only ever sends clicks on buttons that are on the message; neither does the page.
  const found = buttonsOf(message).find(
    ({ blockId: id, button }) =>
      button.action_id === actionId &&
      (button.value ?? '') === value &&
      (blockId === undefined || id === blockId),
  );
  if (!found) throw new HttpError(404, `message ${messageTs} has no button ${actionId} with that value`);
  const overflow = found.button.type === 'overflow';
  return {
    as,
    channel,
    messageTs,
    actionId,
    value,
    ...(blockId !== undefined ? { blockId } : {}),
    ...(overflow ? { overflow } : {}),
  };
}

/** A signed block_actions payload, as Slack sends it when that person clicks that button. */
export async function sendClick(deps: InteractionDeps, request: ClickRequest): Promise<void> {
  const reply = await deps.driver.click(request.actionId, request.value, {
    userId: request.as,
    channelId: request.channel,
    messageTs: request.messageTs,
    ...(request.blockId !== undefined ? { blockId: request.blockId } : {}),
    ...(request.overflow ? { overflow: true } : {}),
  });
  checkReply(reply);
}
