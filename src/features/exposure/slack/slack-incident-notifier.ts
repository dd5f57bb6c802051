import type { WebClient } from '@slack/web-api';
import type { MessageRef } from '../../../kernel/message-ref';
import type { Clock, SlackUserId } from '../../../kernel/types';
import type { Incident } from '../domain/incident';
import type { IncidentNotifier } from '../domain/ports/incident-notifier';
import { openDm } from '../../../platform/slack/dm';
import { incidentCardBlocks } from './incident-card';
import { ownerDmBlocks } from './owner-dm';

export class SlackIncidentNotifier implements IncidentNotifier {
  constructor(
    private readonly client: WebClient,
    private readonly channel: string,
    private readonly clock: Clock,
  ) {}

  async postCard(incident: Incident): Promise<MessageRef> {
    const reply = incidentCardBlocks(incident, this.clock.now());
    const answer = await this.client.chat.postMessage({
      channel: this.channel,
      text: reply.text,
      blocks: reply.blocks,
    });
    if (!answer.ts) throw new Error('chat.postMessage returned no ts');
    return { channel: answer.channel ?? this.channel, ts: answer.ts };
  }

  async updateCard(incident: Incident & { card: MessageRef }): Promise<void> {
    const reply = incidentCardBlocks(incident, this.clock.now());
    await this.client.chat.update({ ...incident.card, text: reply.text, blocks: reply.blocks });
  }

  async tellOwner(owner: SlackUserId, incident: Incident): Promise<void> {
    const channel = await openDm(this.client, owner);
    const reply = ownerDmBlocks(incident);
    await this.client.chat.postMessage({ channel, text: reply.text, blocks: reply.blocks });
  }
}
