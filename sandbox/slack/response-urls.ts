import { randomBytes } from 'node:crypto';

import { blockErrors } from './block-limits';
import type { Conversations } from './conversations';
import type { HttpAnswer } from './failures';
import type { RecordedResponse, ResponseUrlContext } from './types';

type Listener = (response: RecordedResponse) => void;

/**
 * The response_url Slack puts in slash commands and block_actions, and what a POST to it does to the
 * conversation: a new message (ephemeral unless `response_type: in_channel`), or `replace_original` /
 * `delete_original` on the message the interaction came from.
 */
export class ResponseUrls {
  private readonly contexts = new Map<string, ResponseUrlContext>();
  private readonly recorded: RecordedResponse[] = [];
  private readonly listeners = new Set<Listener>();
  private counter = 0;

  constructor(
    private readonly conversations: Conversations,
    private readonly botUserId: string,
    private readonly teamId: string,
  ) {}

  /** A path under the server, shaped like Slack's hooks.slack.com/commands|actions/T../id/secret. */
  issue(baseUrl: string, context: ResponseUrlContext): string {
    this.counter += 1;
    const kind = context.messageTs === undefined ? 'commands' : 'actions';
    const path = `/${kind}/${this.teamId}/${this.counter}/${randomBytes(12).toString('hex')}`;
    this.contexts.set(path, { ...context });
    return `${baseUrl}${path}`;
  }

  owns(path: string): boolean {
    return this.contexts.has(path);
  }

  responses(): RecordedResponse[] {
    return this.recorded.map((r) => ({ ...r, body: structuredClone(r.body) }));
  }

  onResponse(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  handle(url: string, path: string, rawBody: string): HttpAnswer {
    const context = this.contexts.get(path);
    if (!context) return { status: 404, body: { ok: false, error: 'expired_url' } };
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    }
    const message = body as Record<string, unknown>;
    const response: RecordedResponse = { url, body: message, at: new Date() };
    this.recorded.push(response);
    for (const listener of this.listeners) listener({ ...response, body: structuredClone(message) });
    return this.apply(context, message);
  }

  private apply(context: ResponseUrlContext, body: Record<string, unknown>): HttpAnswer {
    if (isTrue(body.delete_original)) {
      const original = this.original(context);
      if (!original) return { status: 404, body: { ok: false, error: 'message_not_found' } };
      this.conversations.remove(context.channel, original);
      return ok();
    }
    const text = typeof body.text === 'string' ? body.text : undefined;
    const blocks = body.blocks;
    if (blocks !== undefined) {
      if (!Array.isArray(blocks)) return { status: 400, body: { ok: false, error: 'invalid_blocks_format' } };
      const errors = blockErrors(blocks);
      if (errors.length > 0) {
        return {
          status: 400,
          body: { ok: false, error: 'invalid_blocks', response_metadata: { messages: errors } },
        };
      }
    }
    const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
    if (!text && !hasBlocks) return { status: 400, body: { ok: false, error: 'no_text' } };
    if (isTrue(body.replace_original)) {
      const original = this.original(context);
      if (!original) return { status: 404, body: { ok: false, error: 'message_not_found' } };
      // A replacement is a whole new message body in place: blocks it does not carry are gone.
      this.conversations.update(context.channel, original, {
        text: text ?? '',
        blocks: hasBlocks ? (blocks as unknown[]) : null,
      });
      return ok();
    }
    this.conversations.post({
      channel: context.channel,
      user: this.botUserId,
      text,
      blocks: hasBlocks ? (blocks as unknown[]) : undefined,
      ephemeralTo: body.response_type === 'in_channel' ? undefined : context.user,
      threadTs: typeof body.thread_ts === 'string' ? body.thread_ts : undefined,
    });
    return ok();
  }

  private original(context: ResponseUrlContext): string | undefined {
    if (context.messageTs === undefined) return undefined;
    return this.conversations.find(context.channel, context.messageTs)?.ts;
  }
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function ok(): HttpAnswer {
  return { status: 200, body: { ok: true } };
}
