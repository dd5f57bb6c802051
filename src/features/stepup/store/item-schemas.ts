import { z } from 'zod';
import type { StepUpTicket } from '../domain/step-up-ticket';
import { decoder, message, optional, slackUser, when } from '../../../platform/store/item-schemas';

const hash = z.string().regex(/^[0-9a-f]{64}$/);
const secret = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

const ticketSchema = z
  .object({
    id: hash,
    approver: slackUser,
    verb: z.literal('approve'),
    requestId: z.string().min(1),
    message,
    note: optional(z.string()),
    issuedAt: when,
    expiresAt: when,
    flow: optional(z.object({ stateHash: hash, nonce: secret, codeVerifier: secret, browserHash: hash })),
    usedAt: optional(when),
  })
  .transform(({ requestId, message: on, note, ...ticket }): StepUpTicket => ({
    ...ticket,
    decision: { requestId, message: on, ...(note ? { note } : {}) },
  }));

export const decodeTicket = decoder('step-up ticket', ticketSchema);
