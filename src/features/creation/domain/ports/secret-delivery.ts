import type { Account } from '../../../../kernel/accounts';
import type { MessageRef } from '../../../../kernel/message-ref';
import type { NewKey } from '../../../../kernel/ports/iam';
import type { SlackUserId } from '../../../../kernel/types';
import type { Invitation } from '../invitation';

/** How secrets and invitations reach people; the Slack implementation is in the slice's slack/ folder. */
export interface SecretDelivery {
  /** The DM channel (D...) with the bot; opened before a key is made, so a closed door costs nothing. */
  openDm(user: SlackUserId): Promise<string>;
  /** The one place a secret is shown: an ephemeral message to its recipient in their DM. */
  deliverSecret(recipient: SlackUserId, dmChannel: string, newKey: NewKey, account: Account): Promise<void>;
  sendInvitation(invitation: Invitation): Promise<MessageRef>;
  /** Replaces the invitation's buttons with how it ended. */
  closeInvitation(invitation: Invitation, outcome: string): Promise<void>;
}
