import { z } from 'zod';
import { KeywardenError } from '../../kernel/errors';
import type {
  ApprovalOutcome,
  ApprovalRequest,
  ApprovalState,
} from '../../features/approvals/domain/approval';
import type { Cleanup } from '../../features/creation/domain/cleanup';
import type { Invitation } from '../../features/creation/domain/invitation';
import type { Rotation } from '../../features/rotation/domain/rotation';
import type { Delivery } from '../../features/creation/domain/ports/deliveries';
import type { KeyHold } from '../../features/keys/domain/ports/key-holds';
import {
  IAM_USER_NAME,
  KEY_ID,
  SLACK_USER_ID,
  type IamUserName,
  type KeyId,
  type SlackUserId,
} from '../../kernel/types';

/**
 * What comes back from the table is decoded, not cast: the store is reachable by other hands (an
 * operator, a restore, a neighbour of the embedded store), so an item whose ids or states are not
 * ones Keywarden writes is refused at the adapter instead of reaching IAM as a name or a key id.
 * DynamoDB returns absent attributes as missing and the document client may return null.
 */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === null ? undefined : value), schema.optional());

const when = z.string().transform((text, ctx) => {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'is not a date' });
    return z.NEVER;
  }
  return date;
});
const iamUser = z
  .string()
  .regex(IAM_USER_NAME)
  .transform((text) => text as IamUserName);
const keyId = z
  .string()
  .regex(KEY_ID)
  .transform((text) => text as KeyId);
const slackUser = z
  .string()
  .regex(SLACK_USER_ID)
  .transform((text) => text as SlackUserId);
const decider = z.union([z.literal('system'), slackUser]);
const accountName = z.string().regex(/^[a-z0-9-]{1,32}$/);
const accountId = z.string().regex(/^\d{12}$/);
const message = z.object({ channel: z.string(), ts: z.string() });
const version = z.coerce.number().int().min(1);

const APPROVAL_STATES = [
  'PENDING',
  'APPROVED',
  'EXECUTING',
  'EXECUTED',
  'FAILED',
  'REJECTED',
  'EXPIRED',
  'WITHDRAWN',
] as const satisfies readonly ApprovalState[];
const OUTCOME_KINDS = [
  'deleted',
  'already-gone',
  'deletion-failed',
  'two-person-rule-violated',
  'account-not-managed',
  'deferred',
  'rejected',
  'withdrawn',
  'expired',
] as const satisfies readonly ApprovalOutcome['kind'][];

const outcome = z.object({ kind: z.enum(OUTCOME_KINDS), by: decider, detail: optional(z.string()) });

const approvalSchema = z
  .object({
    id: z.string().min(1),
    account: optional(accountName),
    accountId: optional(z.string().regex(/^\d{12}$/)),
    state: z.enum(APPROVAL_STATES),
    keyId,
    owner: iamUser,
    requestedBy: slackUser,
    reason: optional(z.string()),
    createdAt: when,
    expiresAt: when,
    required: z.coerce.number().int().min(1),
    approvals: optional(z.array(z.object({ by: slackUser, at: when }))).transform((list) => list ?? []),
    history: optional(
      z.array(
        z.object({
          at: when,
          by: decider,
          state: z.enum(APPROVAL_STATES),
          note: optional(z.string()),
          writeId: optional(z.string()),
        }),
      ),
    ).transform((list) => list ?? []),
    key: z.object({
      status: z.enum(['Active', 'Inactive']),
      createdAt: when,
      lastUsedAt: optional(when),
      lastUsedService: optional(z.string()),
      lastUsedRegion: optional(z.string()),
    }),
    message: optional(message),
    remindedAt: optional(when),
    lease: optional(z.object({ id: z.string(), replica: z.string(), by: decider, expiresAt: when })),
    // Items written before outcomes were data held a sentence; it is kept as plain detail.
    outcome: optional(z.union([outcome, z.string()])),
    version,
  })
  .transform(({ outcome: stored, ...request }): ApprovalRequest => ({
    ...request,
    outcome: typeof stored === 'string' ? legacyOutcome(stored, request.state) : stored,
  }));

function legacyOutcome(detail: string, state: ApprovalState): ApprovalOutcome {
  const kind =
    state === 'EXECUTED'
      ? 'deleted'
      : state === 'FAILED'
        ? 'deletion-failed'
        : state === 'EXPIRED'
          ? 'expired'
          : 'rejected';
  return { kind, by: 'system', detail };
}

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

const rotationSchema = z.object({
  id: z.string().min(1),
  state: z.enum(['WAITING_FOR_OWNER', 'NEW_KEY_DELIVERED', 'OLD_KEY_DEACTIVATED', 'DELETION_REQUESTED']),
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
}) satisfies z.ZodType<Rotation>;

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

function decoder<T>(kind: string, schema: z.ZodType<T>) {
  return (item: Record<string, unknown>): T => {
    const parsed = schema.safeParse(item);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new KeywardenError(
      'STORE_CORRUPT',
      `stored ${kind} ${String(item.id ?? item.pk ?? '?')} is not one Keywarden wrote: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  };
}

export const decodeApproval = decoder('approval request', approvalSchema);
export const decodeKeyClaim = decoder(
  'key claim',
  z.object({ keyId, requestId: optional(z.string().min(1)), claimedAt: when }),
);
export const decodeInvitation = decoder('invitation', invitationSchema);
export const decodeRotation = decoder('rotation', rotationSchema);
export const decodeCleanup = decoder('cleanup', cleanupSchema);

const holdSchema = z.object({
  keyId,
  state: z.enum(['HELD', 'LIFTED']),
  owner: iamUser,
  account: optional(accountName),
  accountId: optional(accountId),
  by: slackUser,
  at: when,
}) satisfies z.ZodType<KeyHold & { state: 'HELD' | 'LIFTED' }>;

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

export const decodeHold = decoder('hold', holdSchema);
export const decodeDelivery = decoder('delivery record', deliverySchema);
