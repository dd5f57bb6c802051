import type { Rotation, RotationDeletion } from '../domain/rotation';
import type { Codec } from '../../../platform/store/dynamo-versioned-store';
import { decodeRotation, decodeRotationDeletion } from './item-schemas';
import { DAY_MS } from '../../../kernel/types';

export const rotationCodec: Codec<Rotation> = {
  kind: 'rotation',
  expiresAt: (rotation) => new Date(rotation.updatedAt.getTime() + 180 * DAY_MS),
  toItem: (rotation) => ({
    ...rotation,
    createdAt: rotation.createdAt.toISOString(),
    updatedAt: rotation.updatedAt.toISOString(),
  }),
  fromItem: decodeRotation,
};

/** A rotation's deletion request, by the request's id; kept as long as a request can stay open and then some. */
export const rotationDeletionCodec: Codec<RotationDeletion> = {
  kind: 'rotation-request',
  expiresAt: () => new Date(Date.now() + 30 * DAY_MS),
  toItem: (link) => ({ ...link }),
  fromItem: decodeRotationDeletion,
};
