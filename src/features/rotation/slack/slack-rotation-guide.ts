import type { WebClient } from '@slack/web-api';
import type { MessageRef } from '../../../kernel/message-ref';
import type { RotationGuide, RotationView } from '../domain/ports/rotation-guide';
import type { Clock } from '../../../kernel/types';
import { rotationGuideBlocks } from './rotation-guide';
import { openDm } from '../../../platform/slack/dm';

export class SlackRotationGuide implements RotationGuide {
  constructor(
    private readonly client: WebClient,
    private readonly clock: Clock,
  ) {}

  async post(view: RotationView): Promise<MessageRef> {
    const channel = await openDm(this.client, view.rotation.driver);
    const reply = rotationGuideBlocks(view, this.clock.now());
    const answer = await this.client.chat.postMessage({ channel, text: reply.text, blocks: reply.blocks });
    if (!answer.ts) throw new Error('chat.postMessage returned no ts');
    return { channel: answer.channel ?? channel, ts: answer.ts };
  }

  async update(view: RotationView): Promise<void> {
    if (!view.rotation.message) return;
    const reply = rotationGuideBlocks(view, this.clock.now());
    await this.client.chat.update({ ...view.rotation.message, text: reply.text, blocks: reply.blocks });
  }
}
