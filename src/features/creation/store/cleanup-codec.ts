import type { Cleanup } from '../domain/cleanup';
import type { Codec } from '../../../platform/store/dynamo-versioned-store';
import { decodeCleanup } from './item-schemas';
import { DAY_MS } from '../../../kernel/types';

export const OPEN_CLEANUPS = 'CLEANUP#OPEN';

export const cleanupCodec: Codec<Cleanup> = {
  kind: 'cleanup',
  expiresAt: (cleanup) => new Date(cleanup.createdAt.getTime() + 400 * DAY_MS),
  toItem: (cleanup) => ({
    ...cleanup,
    createdAt: cleanup.createdAt.toISOString(),
    // In the open index only while open: a finished cleanup leaves it with its next write.
    ...(cleanup.state === 'OPEN'
      ? { gsi1pk: OPEN_CLEANUPS, gsi1sk: `${cleanup.createdAt.toISOString()}#${cleanup.id}` }
      : {}),
  }),
  fromItem: decodeCleanup,
};
