import { z } from 'zod';
import { KeywardenError } from '../../kernel/errors';
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
 *
 * These are the pieces every slice's items share; each slice's store/item-schemas.ts holds the
 * schemas of its own items.
 */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === null ? undefined : value), schema.optional());

/** A date as the store writes it (ISO 8601); anything else is not one Keywarden wrote. */
export const when = z.string().transform((text, ctx) => {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'is not a date' });
    return z.NEVER;
  }
  return date;
});
export const iamUser = z
  .string()
  .regex(IAM_USER_NAME)
  .transform((text) => text as IamUserName);
export const keyId = z
  .string()
  .regex(KEY_ID)
  .transform((text) => text as KeyId);
export const slackUser = z
  .string()
  .regex(SLACK_USER_ID)
  .transform((text) => text as SlackUserId);
export const accountName = z.string().regex(/^[a-z0-9-]{1,32}$/);
export const accountId = z.string().regex(/^\d{12}$/);
/** A Slack message a record points at (a request's, an invitation's, a rotation's). */
export const message = z.object({ channel: z.string(), ts: z.string() });
/** The optimistic-lock version of a record in the versioned store. */
export const version = z.coerce.number().int().min(1);

/** How a refused item is named in the error: its id, else its partition key. */
const idOrPartition = (item: Record<string, unknown>) => String(item.id ?? item.pk ?? '?');

/** A decoder that refuses, as STORE_CORRUPT, an item the schema does not accept, naming the first issue. */
export function decoder<T>(
  kind: string,
  schema: z.ZodType<T>,
  nameOf: (item: Record<string, unknown>) => string = idOrPartition,
) {
  return (item: Record<string, unknown>): T => {
    const parsed = schema.safeParse(item);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new KeywardenError(
      'STORE_CORRUPT',
      `stored ${kind} ${nameOf(item)} is not one Keywarden wrote: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  };
}
