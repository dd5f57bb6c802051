import type { MessageRef } from '../../../kernel/message-ref';
import type { IamUserName, KeyId, SlackUserId } from '../../../kernel/types';
import type { AccountRef } from '../../../kernel/account-ref';
import type { Versioned } from '../../../kernel/ports/versioned-store';
import { isUuid } from '../../../kernel/ids';

/**
 * The AWS-recommended sequence: create the new key, see it in use, deactivate the old one, then
 * ask for the old one's deletion. WAITING_FOR_OWNER: an admin started it and the owner has not
 * yet clicked "Create my key".
 */
export type RotationState =
  'WAITING_FOR_OWNER' | 'NEW_KEY_DELIVERED' | 'OLD_KEY_DEACTIVATED' | 'DELETION_REQUESTED';

export interface Rotation extends Versioned<RotationState>, AccountRef {
  owner: IamUserName;
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

/** The guide's buttons, each a step a person clicks. */
export type RotationStep = 'refresh' | 'deactivateOld' | 'reactivateOld' | 'requestOldKeyDeletion';

/** Rotation ids are randomUUID()s: anything else a button names is no rotation. */
export const isRotationId = isUuid;
