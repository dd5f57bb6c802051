import { z } from 'zod';
import type { Rotation, RotationDeletion } from '../domain/rotation';
import {
  accountId,
  accountName,
  decoder,
  iamUser,
  keyId,
  message,
  optional,
  slackUser,
  version,
  when,
} from '../../../platform/store/item-schemas';

/** Rotations, decoded, not cast (see platform/store/item-schemas.ts for why). */
const rotationSchema = z.object({
  id: z.string().min(1),
  state: z.enum([
    'WAITING_FOR_OWNER',
    'NEW_KEY_DELIVERED',
    'OLD_KEY_DEACTIVATED',
    'DELETION_REQUESTED',
    'COMPLETED',
  ]),
  version,
  owner: iamUser,
  account: optional(accountName),
  accountId: optional(accountId),
  driver: slackUser,
  startedBy: slackUser,
  oldKeyId: keyId,
  newKeyId: optional(keyId),
  createdAt: when,
  updatedAt: when,
  approvalRequestId: optional(z.string()),
  message: optional(message),
  deletedBy: optional(z.array(slackUser)),
  deletionNotDone: optional(
    z.object({
      state: z.enum(['REJECTED', 'EXPIRED', 'WITHDRAWN', 'FAILED']),
      by: optional(slackUser),
    }),
  ),
}) satisfies z.ZodType<Rotation>;

export const decodeRotation = decoder('rotation', rotationSchema);

const rotationDeletionSchema = z.object({
  id: z.string().min(1),
  state: z.literal('REQUESTED'),
  version,
  rotationId: z.string().min(1),
}) satisfies z.ZodType<RotationDeletion>;

export const decodeRotationDeletion = decoder('rotation-request', rotationDeletionSchema);
