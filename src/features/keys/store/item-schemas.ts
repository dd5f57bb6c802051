import { z } from 'zod';
import type { KeyHold } from '../domain/ports/key-holds';
import {
  accountId,
  accountName,
  decoder,
  iamUser,
  keyId,
  optional,
  slackUser,
  when,
} from '../../../platform/store/item-schemas';

/** Holds (an admin's deactivation), decoded, not cast (see platform/store/item-schemas.ts for why). */
const holdSchema = z.object({
  keyId,
  state: z.enum(['HELD', 'LIFTED']),
  owner: iamUser,
  account: optional(accountName),
  accountId: optional(accountId),
  by: z.union([slackUser, z.literal('system')]),
  at: when,
}) satisfies z.ZodType<KeyHold & { state: 'HELD' | 'LIFTED' }>;

export const decodeHold = decoder('hold', holdSchema);
