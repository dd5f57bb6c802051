import { z } from 'zod';
import type { StepUpTicket } from '../domain/step-up-ticket';
import { decoder, keyId, message, optional, slackUser, when } from '../../../platform/store/item-schemas';

const hash = z.string().regex(/^[0-9a-f]{64}$/);
const secret = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

const common = {
  id: hash,
  approver: slackUser,
  issuedAt: when,
  expiresAt: when,
  flow: optional(z.object({ stateHash: hash, nonce: secret, codeVerifier: secret, browserHash: hash })),
  usedAt: optional(when),
};

const approveSchema = z
  .object({
    ...common,
    verb: z.literal('approve'),
    requestId: z.string().min(1),
    message,
    note: optional(z.string()),
  })
  .transform(({ requestId, message: on, note, ...ticket }): StepUpTicket => ({
    ...ticket,
    decision: { requestId, message: on, ...(note ? { note } : {}) },
  }));

const reactivateSchema = z
  .object({
    ...common,
    verb: z.literal('reactivate-exposed'),
    keyId,
    incidentOpenedAt: when,
    why: z.string().min(1).max(1000),
    channel: optional(z.string().regex(/^[CGD][A-Z0-9]{2,30}$/)),
  })
  .transform(({ keyId: key, incidentOpenedAt, why, channel, ...ticket }): StepUpTicket => ({
    ...ticket,
    reactivation: { keyId: key, incidentOpenedAt, why, ...(channel ? { channel } : {}) },
  }));

const ticketSchema = z.union([approveSchema, reactivateSchema]);

export const decodeTicket = decoder('step-up ticket', ticketSchema);
