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
  | 'WAITING_FOR_OWNER'
  | 'NEW_KEY_DELIVERED'
  | 'OLD_KEY_DEACTIVATED'
  | 'DELETION_REQUESTED'
  /** The old key's deletion was executed: the rotation is over. */
  | 'COMPLETED';

/** How a deletion request of the old key ended without deleting it: the guide says so and offers it again. */
export interface DeletionNotDone {
  state: 'REJECTED' | 'EXPIRED' | 'WITHDRAWN' | 'FAILED';
  /** Who decided (a rejection, a withdrawal): a Slack user id. */
  by?: SlackUserId;
}

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
  /** COMPLETED: the approvers whose decision deleted the old key. */
  deletedBy?: SlackUserId[];
  /** The last deletion request of the old key ended without deleting it (back at step 4). */
  deletionNotDone?: DeletionNotDone;
}

/**
 * Which deletion request belongs to which rotation, stored under the request's id: when a request
 * ends (RequestEndings), its rotation is found by it and its guide finished.
 */
export interface RotationDeletion {
  /** The approval request's id. */
  id: string;
  state: 'REQUESTED';
  version: number;
  rotationId: string;
}

/** The guide's buttons, each a step a person clicks. */
export type RotationStep = 'refresh' | 'deactivateOld' | 'reactivateOld' | 'requestOldKeyDeletion';

/** Rotation ids are randomUUID()s: anything else a button names is no rotation. */
export const isRotationId = isUuid;

/** The rotation's next version, with `changes`: what each step writes, conditioned on the one before. */
export function nextRotation(rotation: Rotation, changes: Partial<Rotation>, now: Date): Rotation {
  return { ...rotation, ...changes, version: rotation.version + 1, updatedAt: now };
}
