import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { KeywardenError } from '../errors';
import type { KeyFacts } from '../keys/stale/key-facts';
import { KeyFactsTable } from '../keys/stale/key-facts-table';
import { asIamUserName } from '../keys/types';

export const ROOT_ACCOUNT = '<root_account>';

/** Values the report writes where there is no date: no key, never used, or not tracked. */
const NO_VALUE = new Set(['', 'N/A', 'no_information', 'not_supported']);

const SLOT_FIELDS = [
  'active',
  'last_rotated',
  'last_used_date',
  'last_used_region',
  'last_used_service',
] as const;
type SlotField = (typeof SLOT_FIELDS)[number];

/** A key of a report row, before it is given its owner. */
export type SlotKey = Omit<KeyFacts, 'owner'>;

/** One line of the report, reduced to what the classifier and the report need. */
export interface ReportLine {
  user: string;
  keys: SlotKey[];
}

export interface ParsedCredentialReport {
  keys: KeyFactsTable;
  users: number;
  rootActiveKeys: number;
}

/** Where each needed column sits: the report has 22 columns, of which 11 matter here. */
interface Columns {
  user: number;
  slots: [Record<SlotField, number>, Record<SlotField, number>];
}

function columnsOf(header: string[]): Columns {
  const index = (name: string) => {
    const at = header.indexOf(name);
    if (at < 0) {
      throw new KeywardenError(
        'IAM_UNAVAILABLE',
        'IAM GetCredentialReport: the report lacks the access key columns',
      );
    }
    return at;
  };
  const slot = (n: 1 | 2) =>
    Object.fromEntries(SLOT_FIELDS.map((field) => [field, index(`access_key_${n}_${field}`)])) as Record<
      SlotField,
      number
    >;
  return { user: index('user'), slots: [slot(1), slot(2)] };
}

function reportDate(text: string | undefined): Date | undefined {
  if (text === undefined || NO_VALUE.has(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The same few service and region names recur on thousands of lines: one string each, not one per key.
 */
class Names {
  private readonly seen = new Map<string, string>();

  of(text: string | undefined): string | undefined {
    if (text === undefined || NO_VALUE.has(text)) return undefined;
    const known = this.seen.get(text);
    if (known !== undefined) return known;
    this.seen.set(text, text);
    return text;
  }
}

/**
 * A slot holds a key when `last_rotated` (its creation time) is a date; `active` alone cannot
 * tell an inactive key from an empty slot, both say false.
 */
function slotKey(
  record: string[],
  at: Record<SlotField, number>,
  slot: 1 | 2,
  names: Names,
): SlotKey | undefined {
  const createdAt = reportDate(record[at.last_rotated]);
  if (!createdAt) return undefined;
  const used = reportDate(record[at.last_used_date]);
  return {
    slot,
    status: record[at.active] === 'true' ? 'Active' : 'Inactive',
    createdAt,
    lastUse: used
      ? {
          at: used,
          service: names.of(record[at.last_used_service]),
          region: names.of(record[at.last_used_region]),
        }
      : {},
  };
}

function invalid(error: unknown): KeywardenError {
  if (error instanceof KeywardenError) return error;
  return new KeywardenError('IAM_UNAVAILABLE', 'IAM GetCredentialReport: the report is not valid CSV', {
    cause: error,
  });
}

/**
 * The report's lines as they are parsed, from the CSV's bytes in pieces: neither the whole text nor
 * a full row of 22 columns is kept, only each line's user and keys.
 */
export async function* credentialReportLines(
  source: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
): AsyncGenerator<ReportLine> {
  const parser = parse({ skip_empty_lines: true, trim: true });
  // pipeline, not pipe: a source that fails mid-way destroys the parser with its error, so the loop
  // below ends with that error instead of waiting for more.
  pipeline(Readable.from(source), parser, () => undefined);
  let columns: Columns | undefined;
  const names = new Names();
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!columns) {
        columns = columnsOf(record);
        continue;
      }
      const keys: SlotKey[] = [];
      const first = slotKey(record, columns.slots[0], 1, names);
      const second = slotKey(record, columns.slots[1], 2, names);
      if (first) keys.push(first);
      if (second) keys.push(second);
      yield { user: record[columns.user] ?? '', keys };
    }
  } catch (error) {
    throw invalid(error);
  } finally {
    parser.destroy();
  }
}

/**
 * The credential report's CSV as key facts. The root account's row is counted apart: its keys are
 * not an IAM user's, and no UpdateAccessKey with a UserName can reach them.
 */
export async function parseCredentialReport(
  source: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
): Promise<ParsedCredentialReport> {
  const keys = new KeyFactsTable();
  let users = 0;
  let rootActiveKeys = 0;
  for await (const line of credentialReportLines(source)) {
    if (line.user === ROOT_ACCOUNT) {
      rootActiveKeys += line.keys.filter((key) => key.status === 'Active').length;
      continue;
    }
    const owner = asIamUserName(line.user);
    if (!owner) continue;
    users++;
    for (const key of line.keys) keys.push({ owner, ...key });
  }
  return { keys, users, rootActiveKeys };
}
