import { request } from 'node:http';

import { eventCallbackPayload } from './event-payloads';
import { blockActionsPayload, interactiveBody, slashCommandBody } from './payloads';
import { slackSignatureHeaders } from './signing';
import type {
  RecordedResponse,
  SlackServer,
  SlackView,
  ViewStateValues,
  ViewSubmissionAnswer,
} from './types';
import { viewBlockActionsPayload, viewSubmissionPayload } from './view-payloads';

/** The app's HTTP answer to one request. */
export interface HttpReply {
  status: number;
  body: string;
  elapsedMs: number;
}

export interface DriverReply extends HttpReply {
  responseUrl: string;
  /** Issued by the stand-in: good for one views.open or views.push within 3 s. */
  triggerId: string;
}

/** A click on a Home tab or in a modal: no response_url there. */
export interface ViewClickReply extends HttpReply {
  triggerId: string;
}

export interface SubmitReply {
  status: number;
  /** The app's ack, parsed: `{response_action, errors | view}`, or undefined for an empty body (close). */
  body: ViewSubmissionAnswer | undefined;
  elapsedMs: number;
  /** The view as submitted, state.values and all. */
  view: SlackView;
}

export interface EventReply extends HttpReply {
  eventId: string;
}

/** Input values by block_id and action_id: a string is a plain_text_input's value; an object is sent as it is. */
export type SubmittedValues = Record<string, Record<string, string | Record<string, unknown>>>;

/**
 * Plays Slack's part towards a running Bolt HTTP receiver: signed slash commands and button clicks, each
 * with a fresh response_url on the stand-in, and a way to wait for what the app POSTs there.
 */
export class SlackDriver {
  private readonly server: SlackServer;
  private readonly eventsUrl: string;
  private readonly signingSecret: string;
  /** How many responses to each response_url waitForResponse has handed out already. */
  private readonly consumed = new Map<string, number>();

  /** Off for a load generator, which counts acks and must not spend its time showing them. */
  private readonly showAckBodies: boolean;

  constructor(options: {
    server: SlackServer;
    eventsUrl: string;
    signingSecret: string;
    showAckBodies?: boolean;
  }) {
    this.server = options.server;
    this.showAckBodies = options.showAckBodies ?? true;
    this.eventsUrl = options.eventsUrl;
    this.signingSecret = options.signingSecret;
  }

  async command(
    text: string,
    as: { userId: string; channelId?: string },
    command = '/keys',
  ): Promise<DriverReply> {
    const channelId = as.channelId ?? this.server.dmChannelOf(as.userId);
    const responseUrl = this.server.newResponseUrl({ channel: channelId, user: as.userId });
    const triggerId = this.server.issueTriggerId(as.userId);
    const body = slashCommandBody({
      triggerId,
      command,
      text,
      userId: as.userId,
      userName: this.server.user(as.userId)?.name,
      channelId,
      responseUrl,
      teamId: this.server.teamId,
      appId: this.server.appId,
    });
    const reply = await this.post(body);
    if (reply.status === 200 && this.showAckBodies) await showAckBody(reply.body, responseUrl);
    return { ...reply, responseUrl, triggerId };
  }

  /**
   * Picks an option of an overflow menu on a message: the block_actions payload Slack sends for it (an
   * action of type `overflow` with its `selected_option`). A menu's confirm is the page's to show first.
   */
  async pick(
    actionId: string,
    optionValue: string,
    as: { userId: string; channelId: string; messageTs: string; blockId?: string },
  ): Promise<DriverReply> {
    return this.click(actionId, optionValue, { ...as, overflow: true });
  }

  async click(
    actionId: string,
    value: string,
    as: {
      userId: string;
      channelId: string;
      messageTs?: string;
      isEphemeral?: boolean;
      blockId?: string;
      overflow?: boolean;
    },
  ): Promise<DriverReply> {
    const stored =
      as.messageTs === undefined
        ? undefined
        : this.server.messages(as.channelId).find((m) => m.ts === as.messageTs);
    if (stored?.ephemeralTo !== undefined && stored.ephemeralTo !== as.userId) {
      throw new Error(
        `${as.userId} cannot click on ${as.messageTs}: it is ephemeral to ${stored.ephemeralTo}`,
      );
    }
    const isEphemeral = as.isEphemeral ?? stored?.ephemeralTo !== undefined;
    const responseUrl = this.server.newResponseUrl({
      channel: as.channelId,
      user: as.userId,
      messageTs: as.messageTs,
    });
    const triggerId = this.server.issueTriggerId(as.userId);
    const payload = blockActionsPayload({
      triggerId,
      userId: as.userId,
      userName: this.server.user(as.userId)?.name,
      actionId,
      value,
      blockId: as.blockId,
      ...(as.overflow ? { overflow: true } : {}),
      channelId: as.channelId,
      messageTs: as.messageTs,
      responseUrl,
      teamId: this.server.teamId,
      appId: this.server.appId,
      isEphemeral,
      // Slack sends no `message` with a click on an ephemeral message (only its container).
      message:
        stored && !isEphemeral
          ? {
              text: stored.text,
              blocks: stored.blocks,
              user: stored.user,
              botId: stored.user === this.server.botUserId ? this.server.botId : undefined,
              threadTs: stored.threadTs,
            }
          : undefined,
    });
    return { ...(await this.post(interactiveBody(payload))), responseUrl, triggerId };
  }

  /** A button click on the person's Home tab or on the modal they see. */
  async clickInView(
    actionId: string,
    value: string,
    as: { userId: string; viewId: string; blockId?: string },
  ): Promise<ViewClickReply> {
    const view = this.viewSeenBy(as.userId, as.viewId);
    const triggerId = this.server.issueTriggerId(as.userId);
    const payload = viewBlockActionsPayload({
      ...this.person(as.userId),
      triggerId,
      actionId,
      value,
      blockId: as.blockId,
      view,
    });
    return { ...(await this.post(interactiveBody(payload))), triggerId };
  }

  /**
   * Presses the submit button of the modal the person sees, with these inputs, and does with the app's answer
   * what Slack does: no body closes the modal, `clear` closes them all, `update` and `push` change the
   * stack, `errors` leaves it as it is. An answer other than 200 leaves it too (Slack shows an error).
   */
  async submitView(viewId: string, values: SubmittedValues, as: { userId: string }): Promise<SubmitReply> {
    const view = this.server.viewClient.fill(as.userId, viewId, stateValues(values));
    const payload = viewSubmissionPayload({
      ...this.person(as.userId),
      triggerId: this.server.issueTriggerId(as.userId),
      view,
    });
    const reply = await this.post(interactiveBody(payload));
    const body = reply.body.trim() === '' ? undefined : (JSON.parse(reply.body) as ViewSubmissionAnswer);
    if (reply.status === 200) this.server.viewClient.answer(as.userId, viewId, body);
    return { status: reply.status, body, elapsedMs: reply.elapsedMs, view };
  }

  /** An Events API delivery; `user` defaults to the person named. */
  async event(event: Record<string, unknown>, as: { userId: string }): Promise<EventReply> {
    const payload = eventCallbackPayload({
      event: { user: as.userId, ...event },
      teamId: this.server.teamId,
      appId: this.server.appId,
      botUserId: this.server.botUserId,
    });
    const reply = await this.post(JSON.stringify(payload), 'application/json');
    return { ...reply, eventId: String(payload.event_id) };
  }

  /**
   * Workflow Builder runs one of the app's custom steps (HTTP Events API): a new execution on the stand-in
   * and its signed `function_executed` delivery. Resolves with the app's ack and the execution's id.
   */
  async functionExecuted(
    callbackId: string,
    inputs: Record<string, unknown>,
  ): Promise<EventReply & { executionId: string }> {
    const { execution, payload } = this.server.runFunction(callbackId, inputs);
    const reply = await this.post(JSON.stringify(payload), 'application/json');
    return { ...reply, eventId: String(payload.event_id), executionId: execution.executionId };
  }

  /** The person opens the app's Home tab; Slack sends the view last published there, if any. */
  appHomeOpened(userId: string): Promise<EventReply> {
    const view = this.server.homeView(userId);
    return this.event(
      {
        type: 'app_home_opened',
        user: userId,
        channel: this.server.dmChannelOf(userId),
        tab: 'home',
        ...(view ? { view } : {}),
      },
      { userId },
    );
  }

  /** The next POST to that response_url not yet returned by this method, including ones already made. */
  waitForResponse(responseUrl: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
    const index = this.consumed.get(responseUrl) ?? 0;
    const take = (response: RecordedResponse): Record<string, unknown> => {
      this.consumed.set(responseUrl, index + 1);
      return response.body;
    };
    const already = this.server.responses().filter((r) => r.url === responseUrl)[index];
    if (already) return Promise.resolve(take(already));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`nothing was POSTed to ${responseUrl} within ${timeoutMs} ms`));
      }, timeoutMs);
      const stop = this.server.onResponse((response) => {
        if (response.url !== responseUrl) return;
        clearTimeout(timer);
        stop();
        resolve(take(response));
      });
    });
  }

  private person(userId: string): { userId: string; userName?: string; teamId: string; appId: string } {
    return {
      userId,
      userName: this.server.user(userId)?.name,
      teamId: this.server.teamId,
      appId: this.server.appId,
    };
  }

  /** A person can click only on their own Home tab and on the top modal of their own stack. */
  private viewSeenBy(userId: string, viewId: string): SlackView {
    const home = this.server.homeView(userId);
    if (home?.id === viewId) return home;
    const top = this.server.openViews(userId).at(-1);
    if (top?.id === viewId) return top;
    throw new Error(
      `${userId} does not see view ${viewId}: it is neither their Home tab nor their top modal`,
    );
  }

  private post(
    body: string,
    contentType:
      'application/x-www-form-urlencoded' | 'application/json' = 'application/x-www-form-urlencoded',
  ): Promise<HttpReply> {
    const headers = slackSignatureHeaders(this.signingSecret, body, undefined, contentType);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      // A fresh connection each time, so nothing lingers to keep jest (or the app's server) open.
      const req = request(
        this.eventsUrl,
        {
          method: 'POST',
          agent: false,
          headers: { ...headers, 'content-length': Buffer.byteLength(body), connection: 'close' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              elapsedMs: performance.now() - started,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

/**
 * Slack shows a body sent with a command's ack as an ephemeral answer, as if it came through the
 * response_url; the stand-in learns of it the same way, so waitForResponse and the conversation see it.
 */
async function showAckBody(raw: string, responseUrl: string): Promise<void> {
  const body = raw.trim();
  if (body === '') return;
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch {
    message = { text: body };
  }
  if (typeof message !== 'object' || message === null) message = { text: body };
  await fetch(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
  });
}

function stateValues(values: SubmittedValues): ViewStateValues {
  return Object.fromEntries(
    Object.entries(values).map(([blockId, actions]) => [
      blockId,
      Object.fromEntries(
        Object.entries(actions).map(([actionId, value]) => [
          actionId,
          typeof value === 'string' ? { type: 'plain_text_input', value } : value,
        ]),
      ),
    ]),
  );
}
