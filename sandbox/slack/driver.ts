import { request } from 'node:http';

import { blockActionsPayload, interactiveBody, slashCommandBody } from './payloads';
import { slackSignatureHeaders } from './signing';
import type { RecordedResponse, SlackServer } from './types';

export interface DriverReply {
  status: number;
  body: string;
  elapsedMs: number;
  responseUrl: string;
}

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

  constructor(options: { server: SlackServer; eventsUrl: string; signingSecret: string }) {
    this.server = options.server;
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
    const body = slashCommandBody({
      command,
      text,
      userId: as.userId,
      userName: this.server.user(as.userId)?.name,
      channelId,
      responseUrl,
      teamId: this.server.teamId,
      appId: this.server.appId,
    });
    return { ...(await this.post(body)), responseUrl };
  }

  async click(
    actionId: string,
    value: string,
    as: { userId: string; channelId: string; messageTs?: string; isEphemeral?: boolean; blockId?: string },
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
    const payload = blockActionsPayload({
      userId: as.userId,
      userName: this.server.user(as.userId)?.name,
      actionId,
      value,
      blockId: as.blockId,
      channelId: as.channelId,
      messageTs: as.messageTs,
      responseUrl,
      teamId: this.server.teamId,
      appId: this.server.appId,
      isEphemeral,
      message: stored && {
        text: stored.text,
        blocks: stored.blocks,
        user: stored.user,
        botId: stored.user === this.server.botUserId ? this.server.botId : undefined,
        threadTs: stored.threadTs,
      },
    });
    return { ...(await this.post(interactiveBody(payload))), responseUrl };
  }

  /** The next POST to that response_url not yet returned by this method, including ones already made. */
  waitForResponse(responseUrl: string, timeoutMs = 5000): Promise<Record<string, unknown>> {
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

  private post(body: string): Promise<{ status: number; body: string; elapsedMs: number }> {
    const headers = slackSignatureHeaders(this.signingSecret, body);
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
