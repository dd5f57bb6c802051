import type { MessageRef } from '../../../kernel/message-ref';
import type { IamUserName, SlackUserId } from '../../../kernel/types';
import type { AccountRef } from '../../../kernel/account-ref';
import type { Versioned } from '../../../kernel/ports/versioned-store';

export type InvitationState = 'PENDING' | 'USED' | 'EXPIRED' | 'FAILED';

/**
 * An admin's offer of a new key to its owner. The key is made only when the owner clicks, so the
 * secret is shown to someone present and never held (security rule 2).
 */
export interface Invitation extends Versioned<InvitationState>, AccountRef {
  owner: IamUserName;
  ownerSlack: SlackUserId;
  invitedBy: SlackUserId;
  createdAt: Date;
  expiresAt: Date;
  /** Set when the invitation is the first step of a rotation. */
  rotationId?: string;
  message?: MessageRef;
  keyId?: string;
}

export const INVITATION_HOURS = 24;
