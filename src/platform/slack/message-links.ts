import type { WebClient } from '@slack/web-api';
import type { MessageRef } from '../../kernel/message-ref';
import type { Logger } from '../logger';

/**
 * Permalinks to messages, built as Slack builds them (`<workspace url>archives/<channel>/p<ts
 * without the dot>`) from the workspace URL that auth.test gives once. One call for the process,
 * not a chat.getPermalink per request per Home. A failed auth.test is not kept: the next Home
 * tries again, and until then requests are shown without a link.
 */
export class MessageLinks {
  private workspace?: Promise<string | undefined>;

  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
  ) {}

  /** A function from a message to its permalink, or undefined when the workspace is not known. */
  async linker(): Promise<(message: MessageRef) => string | undefined> {
    this.workspace ??= this.lookUp();
    const base = await this.workspace;
    if (!base) this.workspace = undefined;
    return (message) =>
      base && /^[CGD][A-Z0-9]+$/.test(message.channel) && /^\d+\.\d+$/.test(message.ts)
        ? `${base}archives/${message.channel}/p${message.ts.replace('.', '')}`
        : undefined;
  }

  private async lookUp(): Promise<string | undefined> {
    try {
      const { url } = await this.client.auth.test();
      if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return undefined;
      return url.endsWith('/') ? url : `${url}/`;
    } catch (error) {
      this.log.warn({ err: error }, 'the workspace URL is unknown; Home shows requests without links');
      return undefined;
    }
  }
}
