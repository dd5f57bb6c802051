import { z } from 'zod';
import {
  accountId,
  accountName,
  decoder,
  iamUser,
  slackUser,
  when,
} from '../../../platform/store/item-schemas';
import type { NudgeCount } from '../domain/ports/nudge-ledger';
import type { KeyRef } from '../domain/key-ref';
import { MAX_SNOOZE_REASON, type Snooze } from '../domain/snooze';

/**
 * Snoozes and nudge counts, decoded as platform/store/item-schemas.ts says: the table is reachable by
 * other hands, and a stored owner name goes on to IAM, so an item Keywarden could not have written
 * is refused here.
 */
const keyRef = z.object({
  account: accountName,
  // Absent on records stored before it was kept, and for the bot's own account.
  accountId: accountId.optional(),
  owner: iamUser,
  keyCreatedAt: when,
});
const toRef = ({ account, accountId, owner, keyCreatedAt }: z.infer<typeof keyRef>): KeyRef => ({
  account,
  ...(accountId ? { accountId } : {}),
  owner,
  createdAt: keyCreatedAt,
});

const snoozeSchema = keyRef
  .extend({
    by: slackUser,
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

/** Snoozes and counts have no id of their own: a refused one is named by its key. */
const partitionAndSort = (item: Record<string, unknown>) =>
  `${String(item.pk ?? '?')}/${String(item.sk ?? '?')}`;

export const decodeSnooze = decoder('snooze', snoozeSchema, partitionAndSort);
export const decodeNudgeCount = decoder('nudge count', nudgeCountSchema, partitionAndSort);

/** The key's attributes as both kinds of item store them. */
export function keyRefAttributes(ref: KeyRef): Record<string, string> {
  return {
    account: ref.account,
    ...(ref.accountId ? { accountId: ref.accountId } : {}),
    owner: ref.owner,
    keyCreatedAt: ref.createdAt.toISOString(),
  };
}
