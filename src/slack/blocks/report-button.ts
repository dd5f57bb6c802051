import type { ReportedKey } from '../../keys/stale/stale-key-actions';
import { asIamUserName } from '../../keys/types';

export const STALE_DEACTIVATE_ACTION = 'stale.deactivate';
export const STALE_REQUEST_DELETION_ACTION = 'stale.request-deletion';

/** A report button's value: the key's owner and creation time (the report has no key ids), and the entry. */
export function reportButtonValue(key: ReportedKey): string {
  return JSON.stringify({ u: key.owner, c: key.createdAt.toISOString(), r: key.reportIndex });
}

/** Undefined for anything that is not a value reportButtonValue could have made. */
export function parseReportButtonValue(value: string | undefined): ReportedKey | undefined {
  if (value === undefined || value.length > 300) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { u, c, r } = raw as Record<string, unknown>;
  const owner = typeof u === 'string' ? asIamUserName(u) : undefined;
  const createdAt = typeof c === 'string' ? new Date(c) : undefined;
  if (!owner || !createdAt || Number.isNaN(createdAt.getTime())) return undefined;
  if (typeof r !== 'number' || !Number.isInteger(r) || r < -1 || r > 1000) return undefined;
  return { owner, createdAt, reportIndex: r };
}
