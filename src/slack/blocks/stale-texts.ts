import { formatDateTime } from './format';

/** The words people see when a stale-report button does not act. Tests assert on these constants. */
export const BAD_REPORT_BUTTON = 'That button does not name a key Keywarden can act on. Nothing was changed.';
export const REPORTED_KEY_GONE =
  'That key no longer exists: it was deleted or replaced since the report was made. Nothing was changed.';
export const REPORTED_KEY_NOT_ACTIVE = 'That key is already inactive. Nothing was changed.';
export const REPORTED_KEY_NO_LONGER_STALE = 'That key is no longer stale';

export function noLongerStaleText(lastUsedAt?: Date): string {
  const used = lastUsedAt ? ` (last used ${formatDateTime(lastUsedAt)})` : '';
  return `${REPORTED_KEY_NO_LONGER_STALE}${used}: it was used or the policy changed since the report. Nothing was changed.`;
}
