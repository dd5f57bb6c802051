import type { MessageRef } from '../../../../kernel/message-ref';
import type { SlackUserId } from '../../../../kernel/types';
import type { Incident } from '../incident';

/** The incident's Slack side: the card in `exposure.channel`, updated in place, and the owner's DM. */
export interface IncidentNotifier {
  postCard(incident: Incident): Promise<MessageRef>;
  updateCard(incident: Incident & { card: MessageRef }): Promise<void>;
  tellOwner(owner: SlackUserId, incident: Incident): Promise<void>;
}
