import type { Cleanup } from '../keys/creation/cleanup';
import type { Invitation } from '../keys/creation/invitation';
import type { Rotation } from '../keys/rotation/rotation';
import type { Codec } from './dynamo-versioned-store';

const DAY_MS = 86_400_000;
const iso = (date: Date | undefined) => date?.toISOString();
const date = (value: unknown) =>
  value === undefined || value === null ? undefined : new Date(String(value));

export const invitationCodec: Codec<Invitation> = {
  kind: 'invitation',
  expiresAt: (invitation) => new Date(invitation.expiresAt.getTime() + 90 * DAY_MS),
  toItem: (invitation) => ({
    ...invitation,
    createdAt: iso(invitation.createdAt),
    expiresAt: iso(invitation.expiresAt),
  }),
  fromItem: (item) => ({
    id: String(item.id),
    state: item.state as Invitation['state'],
    version: Number(item.version),
    owner: item.owner as Invitation['owner'],
    ownerSlack: item.ownerSlack as Invitation['ownerSlack'],
    invitedBy: item.invitedBy as Invitation['invitedBy'],
    createdAt: date(item.createdAt) as Date,
    expiresAt: date(item.expiresAt) as Date,
    rotationId: item.rotationId as string | undefined,
    message: item.message as Invitation['message'],
    keyId: item.keyId as string | undefined,
  }),
};

export const rotationCodec: Codec<Rotation> = {
  kind: 'rotation',
  expiresAt: (rotation) => new Date(rotation.updatedAt.getTime() + 180 * DAY_MS),
  toItem: (rotation) => ({
    ...rotation,
    createdAt: iso(rotation.createdAt),
    updatedAt: iso(rotation.updatedAt),
  }),
  fromItem: (item) => ({
    id: String(item.id),
    state: item.state as Rotation['state'],
    version: Number(item.version),
    owner: item.owner as Rotation['owner'],
    driver: item.driver as Rotation['driver'],
    startedBy: item.startedBy as Rotation['startedBy'],
    oldKeyId: item.oldKeyId as Rotation['oldKeyId'],
    newKeyId: item.newKeyId as Rotation['newKeyId'],
    createdAt: date(item.createdAt) as Date,
    updatedAt: date(item.updatedAt) as Date,
    approvalRequestId: item.approvalRequestId as string | undefined,
    message: item.message as Rotation['message'],
  }),
};

export const OPEN_CLEANUPS = 'CLEANUP#OPEN';

export const cleanupCodec: Codec<Cleanup> = {
  kind: 'cleanup',
  expiresAt: (cleanup) => new Date(cleanup.createdAt.getTime() + 400 * DAY_MS),
  toItem: (cleanup) => ({
    ...cleanup,
    createdAt: iso(cleanup.createdAt),
    // In the open index only while open: a finished cleanup leaves it with its next write.
    ...(cleanup.state === 'OPEN'
      ? { gsi1pk: OPEN_CLEANUPS, gsi1sk: `${iso(cleanup.createdAt)}#${cleanup.id}` }
      : {}),
  }),
  fromItem: (item) => ({
    id: String(item.id),
    state: item.state as Cleanup['state'],
    version: Number(item.version),
    kind: item.kind as Cleanup['kind'],
    owner: item.owner as Cleanup['owner'],
    keyId: item.keyId as Cleanup['keyId'],
    knownKeyIds: item.knownKeyIds as Cleanup['knownKeyIds'],
    askedBy: item.askedBy as Cleanup['askedBy'],
    createdAt: date(item.createdAt) as Date,
    attempts: Number(item.attempts ?? 0),
    outcome: item.outcome as string | undefined,
  }),
};
