import type { Rotation } from '../domain/rotation';
import type { Codec } from '../../../platform/store/dynamo-versioned-store';
import { decodeRotation } from './item-schemas';
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
