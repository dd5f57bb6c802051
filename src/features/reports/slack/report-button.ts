import type { ReportedKey } from '../domain/stale-key-actions';
import { z } from 'zod';
import { decodeJson } from '../../../platform/slack/json-value';
import { IAM_USER_NAME, type IamUserName } from '../../../kernel/types';

export const STALE_DEACTIVATE_ACTION = 'stale.deactivate';
export const STALE_REQUEST_DELETION_ACTION = 'stale.request-deletion';
/** Only ever an option of a line's menu (report-line-menu.ts), routed here like the buttons before it. */
export const STALE_NUDGE_OWNER_ACTION = 'stale.nudge-owner';

/**
 * A report button's value: the key's owner and account (name, and twelve digits where known), its
 * creation time (the credential report has no key ids), and the entry whose thresholds the report
 * used. Short keys: at most about 190 characters, within the 300 read back and Slack's 2000.
 */
export function reportButtonValue(key: ReportedKey): string {
  return JSON.stringify({
    u: key.owner,
    ...(key.account ? { a: key.account } : {}),
    ...(key.accountId ? { i: key.accountId } : {}),
    c: key.createdAt.toISOString(),
    r: key.reportIndex,
  });
}

const buttonValue = z
  .object({
    u: z.string().regex(IAM_USER_NAME),
    a: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/)
      .optional(),
    i: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    c: z.iso.datetime(),
    r: z.number().int().min(-1).max(1000),
  })
  .strict();

/** Undefined for anything that is not a value reportButtonValue could have made. */
export function parseReportButtonValue(value: string | undefined): ReportedKey | undefined {
  if (value === undefined || value.length > 300) return undefined;
  const parsed = decodeJson(buttonValue, value);
  if (!parsed) return undefined;
  const { u, a, i, c, r } = parsed;
  return {
    owner: u as IamUserName,
    ...(a ? { account: a } : {}),
    ...(i ? { accountId: i } : {}),
    createdAt: new Date(c),
    reportIndex: r,
  };
}
