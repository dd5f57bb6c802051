import type { WebClient } from '@slack/web-api';
import type { ApprovalRequest, MessageRef } from '../domain/approval';
import type { ApprovalNotifier } from '../domain/ports/approval-notifier';
import type { Clock, SlackUserId } from '../../../kernel/types';
import {
  approvalRequestBlocks,
  reminderBlocks,
  reminderDmBlocks,
  requestOutcomeBlocks,
} from './approval-request';
import type { MessageLinks } from '../../../platform/slack/message-links';
import { openDm } from '../../../platform/slack/dm';

/** Approval requests as Slack messages: posted to the approvals channel, then updated in place. */
export class SlackApprovalNotifier implements ApprovalNotifier {
  constructor(
    private readonly client: WebClient,
    private readonly channel: string,
    private readonly clock: Clock,
    private readonly links: Pick<MessageLinks, 'linker'>,
  ) {}

  async post(request: ApprovalRequest): Promise<MessageRef> {
    const reply = approvalRequestBlocks(request, this.clock.now());
    const answer = await this.client.chat.postMessage({
      channel: this.channel,
      text: reply.text,
      blocks: reply.blocks,
    });
    if (!answer.ts || !answer.channel) throw new Error('chat.postMessage returned no ts');
    return { channel: answer.channel, ts: answer.ts };
  }

  async update(request: ApprovalRequest): Promise<void> {
    if (!request.message) return;
    const reply = approvalRequestBlocks(request, this.clock.now());
    await this.client.chat.update({
      channel: request.message.channel,
      ts: request.message.ts,
      text: reply.text,
      blocks: reply.blocks,
    });
  }

  async tellRequester(request: ApprovalRequest): Promise<void> {
    const reply = requestOutcomeBlocks(request);
    const channel = await openDm(this.client, request.requestedBy);
    await this.client.chat.postMessage({ channel, text: reply.text, blocks: reply.blocks });
  }

  async remind(request: ApprovalRequest, approvers: readonly SlackUserId[]): Promise<void> {
    const now = this.clock.now();
    if (request.message) {
      const thread = reminderBlocks(request, now);
      await this.client.chat.postMessage({
        channel: request.message.channel,
        thread_ts: request.message.ts,
        text: thread.text,
        blocks: thread.blocks,
      });
    }
    const link = request.message
      ? await this.client.chat
          .getPermalink({ channel: request.message.channel, message_ts: request.message.ts })
          .then((answer) => answer.permalink)
          .catch(() => undefined)
      : undefined;
    for (const approver of approvers) {
      const dm = reminderDmBlocks(request, now, link);
      const channel = await openDm(this.client, approver);
      await this.client.chat.postMessage({ channel, text: dm.text, blocks: dm.blocks });
    }
  }

  /** Built from the workspace URL that auth.test gives once; no call per link. */
  async linkTo(message: MessageRef): Promise<string | undefined> {
    return (await this.links.linker())(message);
  }
}
