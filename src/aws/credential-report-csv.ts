import { parse } from 'csv-parse/sync';
import { KeywardenError } from '../errors';
import type { KeyFacts } from '../keys/stale/key-facts';
import { asIamUserName } from '../keys/types';

export const ROOT_ACCOUNT = '<root_account>';

/** Values the report writes where there is no date: no key, never used, or not tracked. */
const NO_VALUE = new Set(['', 'N/A', 'no_information', 'not_supported']);

const REQUIRED_COLUMNS = [1, 2].flatMap((slot) =>
  ['active', 'last_rotated', 'last_used_date', 'last_used_region', 'last_used_service'].map(
    (field) => `access_key_${slot}_${field}`,
  ),
);

type Row = Record<string, string | undefined>;

export interface ParsedCredentialReport {
  keys: KeyFacts[];
  users: number;
  rootActiveKeys: number;
}

function reportDate(text: string | undefined): Date | undefined {
  if (text === undefined || NO_VALUE.has(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function meaningful(text: string | undefined): string | undefined {
  return text === undefined || NO_VALUE.has(text) ? undefined : text;
}

/**
 * A slot holds a key when `last_rotated` (its creation time) is a date; `active` alone cannot
 * tell an inactive key from an empty slot, both say false.
 */
function slotKey(row: Row, slot: 1 | 2): Omit<KeyFacts, 'owner'> | undefined {
  const field = (name: string) => row[`access_key_${slot}_${name}`];
  const createdAt = reportDate(field('last_rotated'));
  if (!createdAt) return undefined;
  const at = reportDate(field('last_used_date'));
  return {
    slot,
    status: field('active') === 'true' ? 'Active' : 'Inactive',
    createdAt,
    lastUse: at
      ? { at, service: meaningful(field('last_used_service')), region: meaningful(field('last_used_region')) }
      : {},
  };
}

/**
 * The credential report's CSV as key facts. The root account's row is counted apart: its keys are
 * not an IAM user's, and no UpdateAccessKey with a UserName can reach them.
 */
export function parseCredentialReport(csv: string): ParsedCredentialReport {
  let rows: Row[];
  try {
    rows = parse(csv, { columns: true, skip_empty_lines: true, trim: true }) as Row[];
  } catch (error) {
    throw new KeywardenError('IAM_UNAVAILABLE', 'IAM GetCredentialReport: the report is not valid CSV', {
      cause: error,
    });
  }
  const header = rows[0];
  if (header && (!('user' in header) || REQUIRED_COLUMNS.some((column) => !(column in header)))) {
    throw new KeywardenError(
      'IAM_UNAVAILABLE',
      'IAM GetCredentialReport: the report lacks the access key columns',
    );
  }
  const keys: KeyFacts[] = [];
  let users = 0;
  let rootActiveKeys = 0;
  for (const row of rows) {
    const slots = [slotKey(row, 1), slotKey(row, 2)];
    if (row.user === ROOT_ACCOUNT) {
      rootActiveKeys += slots.filter((key) => key?.status === 'Active').length;
      continue;
    }
    const owner = asIamUserName(row.user ?? '');
    if (!owner) continue;
    users++;
    for (const key of slots) if (key) keys.push({ owner, ...key });
  }
  return { keys, users, rootActiveKeys };
}
