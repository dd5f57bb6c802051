import type { MessageRef } from '../approvals/approval';
import type { IamUserName, KeyId, SlackUserId } from '../types';
import type { Versioned } from '../ports/versioned-store';

/**
 * The AWS-recommended sequence: create the new key, see it in use, deactivate the old one, then
 * ask for the old one's deletion. WAITING_FOR_OWNER: an admin started it and the owner has not
 * yet clicked "Create my key".
 */
export type RotationState =
  'WAITING_FOR_OWNER' | 'NEW_KEY_DELIVERED' | 'OLD_KEY_DEACTIVATED' | 'DELETION_REQUESTED';

export interface Rotation extends Versioned<RotationState> {
  owner: IamUserName;
  /** The managed account's name; absent on records from before accounts (the default account). */
  account?: string;
  /** The person the guide is addressed to: the key's owner, or the admin for a service user. */
  driver: SlackUserId;
  startedBy: SlackUserId;
  oldKeyId: KeyId;
  newKeyId?: KeyId;
  createdAt: Date;
  updatedAt: Date;
  approvalRequestId?: string;
  /** The guide message in the driver's DM, updated in place at each step. */
  message?: MessageRef;
}
