import type { WebClient } from '@slack/web-api';
import type { MessageRef } from '../../../kernel/message-ref';
import type { Clock, SlackUserId } from '../../../kernel/types';
import type { Incident } from '../domain/incident';
import type { IncidentNotifier } from '../domain/ports/incident-notifier';
import { openDm } from '../../../platform/slack/dm';
import { postReply } from '../../../platform/slack/post-reply';
import { incidentCardBlocks } from './incident-card';
import { ownerDmBlocks } from './owner-dm';

export class SlackIncidentNotifier implements IncidentNotifier {
  constructor(
    private readonly client: WebClient,
    private readonly channel: string,
    private readonly clock: Clock,
  ) {}

  postCard(incident: Incident): Promise<MessageRef> {
    return postReply(this.client, this.channel, incidentCardBlocks(incident, this.clock.now()));
  }

  async updateCard(incident: Incident & { card: MessageRef }): Promise<void> {
    const reply = incidentCardBlocks(incident, this.clock.now());
    await this.client.chat.update({ ...incident.card, text: reply.text, blocks: reply.blocks });
  }

  async tellOwner(owner: SlackUserId, incident: Incident): Promise<void> {
    await postReply(this.client, await openDm(this.client, owner), ownerDmBlocks(incident));
  }
}
