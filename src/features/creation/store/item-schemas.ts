import { z } from 'zod';
import type { Cleanup } from '../domain/cleanup';
import type { Invitation } from '../domain/invitation';
import type { Delivery } from '../domain/ports/deliveries';
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

/** Invitations, cleanups and delivery records, decoded, not cast (see platform/store/item-schemas.ts). */
const invitationSchema = z.object({
  id: z.string().min(1),
  state: z.enum(['PENDING', 'USED', 'EXPIRED', 'FAILED']),
  version,
  owner: iamUser,
  ownerSlack: slackUser,
  invitedBy: slackUser,
  createdAt: when,
  expiresAt: when,
  account: optional(accountName),
  accountId: optional(accountId),
  rotationId: optional(z.string()),
  message: optional(message),
  keyId: optional(z.string()),
}) satisfies z.ZodType<Invitation>;

const cleanupSchema = z.object({
  id: z.string().min(1),
  state: z.enum(['OPEN', 'DONE']),
  version,
  kind: z.enum(['delete-undelivered', 'check-unclear-create']),
  owner: iamUser,
  account: optional(accountName),
  accountId: optional(accountId),
  keyId: optional(keyId),
  knownKeyIds: optional(z.array(keyId)),
  askedBy: slackUser,
  createdAt: when,
  attempts: z.coerce.number().int().min(0).default(0),
  outcome: optional(z.string()),
}) satisfies z.ZodType<Cleanup>;

const deliverySchema = z.object({
  keyId,
  state: z.enum(['DELIVERING', 'DELIVERED', 'NOT_DELIVERED']),
  owner: iamUser,
  account: optional(accountName),
  accountId: optional(accountId),
  recipient: slackUser,
  createdAt: when,
  settledAt: optional(when),
}) satisfies z.ZodType<Delivery>;

export const decodeInvitation = decoder('invitation', invitationSchema);
export const decodeCleanup = decoder('cleanup', cleanupSchema);
export const decodeDelivery = decoder('delivery record', deliverySchema);
