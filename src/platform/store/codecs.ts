import type { Cleanup } from '../../features/creation/domain/cleanup';
import type { Invitation } from '../../features/creation/domain/invitation';
import type { Rotation } from '../../features/rotation/domain/rotation';
import type { Codec } from './dynamo-versioned-store';
import { decodeCleanup, decodeInvitation, decodeRotation } from './item-schemas';

const DAY_MS = 86_400_000;
const iso = (date: Date | undefined) => date?.toISOString();

export const invitationCodec: Codec<Invitation> = {
  kind: 'invitation',
  expiresAt: (invitation) => new Date(invitation.expiresAt.getTime() + 90 * DAY_MS),
  toItem: (invitation) => ({
    ...invitation,
    createdAt: iso(invitation.createdAt),
    expiresAt: iso(invitation.expiresAt),
  }),
  fromItem: decodeInvitation,
};

export const rotationCodec: Codec<Rotation> = {
  kind: 'rotation',
  expiresAt: (rotation) => new Date(rotation.updatedAt.getTime() + 180 * DAY_MS),
  toItem: (rotation) => ({
    ...rotation,
    createdAt: iso(rotation.createdAt),
    updatedAt: iso(rotation.updatedAt),
  }),
  fromItem: decodeRotation,
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
  fromItem: decodeCleanup,
};
