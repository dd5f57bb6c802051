import type { MessageRef } from '../../../src/features/approvals/domain/approval';
import type { Invitation } from '../../../src/features/creation/domain/invitation';
import type { NewKey } from '../../../src/kernel/ports/iam';
import type { SecretDelivery } from '../../../src/features/creation/domain/ports/secret-delivery';
import type { SlackUserId } from '../../../src/kernel/types';
import { copy, Faults } from './faults';

export type DeliveryMethod = 'openDm' | 'deliverSecret' | 'sendInvitation' | 'closeInvitation';

export interface DeliveredSecret {
  recipient: SlackUserId;
  dmChannel: string;
  owner: string;
  keyId: string;
  /** Revealed here only so a test can check it is IAM's secret; nothing else ever reveals it. */
  secret: string;
}

/** The DM channel the fake opens for a person: D + their id, as a real one is D... */
export const dmOf = (user: string) => `D${user.slice(1)}`;

/** Records every DM opened, secret shown, invitation sent and closed; fails on demand. */
export class RecordingSecretDelivery implements SecretDelivery {
  readonly faults = new Faults<DeliveryMethod>();
  readonly dmsOpened: SlackUserId[] = [];
  readonly secrets: DeliveredSecret[] = [];
  readonly invitations: Invitation[] = [];
  readonly closed: { invitation: Invitation; outcome: string }[] = [];

  async openDm(user: SlackUserId): Promise<string> {
    this.faults.check('openDm');
    this.dmsOpened.push(user);
    return dmOf(user);
  }

  async deliverSecret(recipient: SlackUserId, dmChannel: string, newKey: NewKey): Promise<void> {
    this.faults.check('deliverSecret');
    this.secrets.push({
      recipient,
      dmChannel,
      owner: newKey.key.owner,
      keyId: newKey.key.keyId,
      secret: newKey.secret.reveal(),
    });
  }

  async sendInvitation(invitation: Invitation): Promise<MessageRef> {
    this.faults.check('sendInvitation');
    this.invitations.push(copy(invitation));
    return { channel: dmOf(invitation.ownerSlack), ts: `${this.invitations.length}.000200` };
  }

  async closeInvitation(invitation: Invitation, outcome: string): Promise<void> {
    this.faults.check('closeInvitation');
    this.closed.push({ invitation: copy(invitation), outcome });
  }
}
