import { z } from 'zod';
import type { PendingStep } from '../domain/ports/pending-steps';
import { decoder, slackUser, when } from '../../../platform/store/item-schemas';

/** Slack's ids of a run: letters and digits. */
const executionId = z.string().regex(/^[A-Za-z0-9]{1,64}$/);

/** A workflow run beside its request, decoded, not cast (see platform/store/item-schemas.ts for why). */
const stepSchema = z.object({
  requestId: z.uuid(),
  executionId,
  requestedBy: slackUser,
  createdAt: when,
  state: z.enum(['WAITING', 'DONE']),
}) satisfies z.ZodType<PendingStep & { state: 'WAITING' | 'DONE' }>;

export const decodeStep = decoder('workflow step', stepSchema, (item) => String(item.requestId ?? item.pk));
