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
