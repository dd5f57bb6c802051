import { z } from 'zod';
import { KeywardenError } from '../../../kernel/errors';
import type { NudgeCount } from '../domain/ports/nudge-ledger';
import type { KeyRef } from '../domain/key-ref';
import { MAX_SNOOZE_REASON, type Snooze } from '../domain/snooze';
import { IAM_USER_NAME, SLACK_USER_ID, type IamUserName, type SlackUserId } from '../../../kernel/types';

/**
 * Snoozes and nudge counts, decoded as item-schemas.ts decodes the rest: the table is reachable by
 * other hands, and a stored owner name goes on to IAM, so an item Keywarden could not have written
 * is refused here.
 */
const when = z.string().transform((text, ctx) => {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'is not a date' });
    return z.NEVER;
  }
  return date;
});
const keyRef = z.object({
  account: z.string().regex(/^[a-z0-9-]{1,32}$/),
  owner: z
    .string()
    .regex(IAM_USER_NAME)
    .transform((text) => text as IamUserName),
  keyCreatedAt: when,
});
const toRef = ({ account, owner, keyCreatedAt }: z.infer<typeof keyRef>): KeyRef => ({
  account,
  owner,
  createdAt: keyCreatedAt,
});

const snoozeSchema = keyRef
  .extend({
    by: z
      .string()
      .regex(SLACK_USER_ID)
      .transform((text) => text as SlackUserId),
    at: when,
    until: when,
    reason: z.string().min(1).max(MAX_SNOOZE_REASON),
  })
  .transform((item): Snooze => ({
    key: toRef(item),
    by: item.by,
    at: item.at,
    until: item.until,
    reason: item.reason,
  }));

const nudgeCountSchema = keyRef
  .extend({
    runs: z.coerce.number().int().min(1),
    lastRun: z.string().min(1),
    // Absent on counts stored before it was kept (they had only `lastNudgedAt`).
    firstNudgedAt: when.optional(),
  })
  .transform((item): NudgeCount => ({
    key: toRef(item),
    runs: item.runs,
    lastRun: item.lastRun,
    ...(item.firstNudgedAt ? { firstNudgedAt: item.firstNudgedAt } : {}),
  }));

function decoder<T>(kind: string, schema: z.ZodType<T>) {
  return (item: Record<string, unknown>): T => {
    const parsed = schema.safeParse(item);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new KeywardenError(
      'STORE_CORRUPT',
      `stored ${kind} ${String(item.pk ?? '?')}/${String(item.sk ?? '?')} is not one Keywarden wrote: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  };
}

export const decodeSnooze = decoder('snooze', snoozeSchema);
export const decodeNudgeCount = decoder('nudge count', nudgeCountSchema);

/** The key's attributes as both kinds of item store them. */
export function keyRefAttributes(ref: KeyRef): Record<string, string> {
  return { account: ref.account, owner: ref.owner, keyCreatedAt: ref.createdAt.toISOString() };
}
