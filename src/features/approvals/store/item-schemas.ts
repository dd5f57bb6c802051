import { z } from 'zod';
import type { ApprovalOutcome, ApprovalRequest, ApprovalState } from '../domain/approval';
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

/** Deletion requests and key claims, decoded, not cast (see platform/store/item-schemas.ts for why). */
const decider = z.union([z.literal('system'), slackUser]);

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

const stepUp = optional(z.object({ acr: optional(z.string()), amr: z.array(z.string()), authTime: when }));

const outcome = z.object({ kind: z.enum(OUTCOME_KINDS), by: decider, detail: optional(z.string()) });

const approvalSchema = z
  .object({
    id: z.string().min(1),
    account: optional(accountName),
    accountId: optional(accountId),
    state: z.enum(APPROVAL_STATES),
    keyId,
    owner: iamUser,
    requestedBy: slackUser,
    reason: optional(z.string()),
    createdAt: when,
    expiresAt: when,
    required: z.coerce.number().int().min(1),
    approvals: optional(z.array(z.object({ by: slackUser, at: when, stepUp }))).transform(
      (list) => list ?? [],
    ),
    history: optional(
      z.array(
        z.object({
          at: when,
          by: decider,
          state: z.enum(APPROVAL_STATES),
          note: optional(z.string()),
          writeId: optional(z.string()),
          stepUp,
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
    keyStatusChange: optional(z.object({ status: z.enum(['Active', 'Inactive']), at: when, by: decider })),
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

export const decodeApproval = decoder('approval request', approvalSchema);
export const decodeKeyClaim = decoder(
  'key claim',
  z.object({ keyId, requestId: optional(z.string().min(1)), claimedAt: when }),
);
