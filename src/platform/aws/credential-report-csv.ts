import { parse } from 'csv-parse';
import { KeywardenError } from '../../kernel/errors';
import type { KeyFacts } from '../../kernel/key-facts/key-facts';
import { KeyFactsTable } from '../../kernel/key-facts/key-facts-table';
import { asIamUserName } from '../../kernel/types';

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
type SlotKey = Omit<KeyFacts, 'owner'>;

/** One line of the report, reduced to what the classifier and the report need. */
interface ReportLine {
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

/** csv-parse's options for IAM's report. */
const CSV_OPTIONS = { skip_empty_lines: true, trim: true } as const;

/** The reduction of one record to a line; the first record is the header that names the columns. */
class LineReducer {
  private columns: Columns | undefined;
  private readonly names = new Names();

  /** The line of a record, or undefined for the header. */
  line(record: string[]): ReportLine | undefined {
    if (!this.columns) {
      this.columns = columnsOf(record);
      return undefined;
    }
    const keys: SlotKey[] = [];
    const first = slotKey(record, this.columns.slots[0], 1, this.names);
    const second = slotKey(record, this.columns.slots[1], 2, this.names);
    if (first) keys.push(first);
    if (second) keys.push(second);
    return { user: record[this.columns.user] ?? '', keys };
  }
}

/**
 * The credential report parsed as its bytes are written, while the answer still downloads: each
 * piece is parsed and let go, so no account's whole report is held, decoded or not, and nothing of
 * it waits long enough to be promoted to V8's old generation. The root account's row is counted
 * apart: its keys are not an IAM user's, and no UpdateAccessKey with a UserName can reach them.
 */
export class CredentialReportParser {
  private readonly parser = parse(CSV_OPTIONS);
  private readonly reducer = new LineReducer();
  private readonly keys = new KeyFactsTable();
  private users = 0;
  private rootActiveKeys = 0;
  private failure: unknown;
  private readonly ended: Promise<void>;

  constructor() {
    this.ended = new Promise((resolve, reject) => {
      this.parser.on('end', resolve);
      this.parser.on('error', (error: unknown) => {
        this.failure ??= error;
        reject(invalid(error));
      });
    });
    // Awaited in end(): a failure before then is kept, not an unhandled rejection.
    this.ended.catch(() => undefined);
    this.parser.on('data', (record: string[]) => {
      try {
        this.add(record);
      } catch (error) {
        this.parser.destroy(error as Error);
      }
    });
  }

  write(piece: Uint8Array | string): void {
    if (this.failure !== undefined) throw invalid(this.failure);
    this.parser.write(piece);
  }

  /** Keys parsed so far: the lines already read while the rest is still on its way. */
  get keysSoFar(): number {
    return this.keys.length;
  }

  async end(): Promise<ParsedCredentialReport> {
    this.parser.end();
    await this.ended;
    return { keys: this.keys, users: this.users, rootActiveKeys: this.rootActiveKeys };
  }

  private add(record: string[]): void {
    const line = this.reducer.line(record);
    if (!line) return;
    if (line.user === ROOT_ACCOUNT) {
      for (const key of line.keys) if (key.status === 'Active') this.rootActiveKeys++;
      return;
    }
    const owner = asIamUserName(line.user);
    if (!owner) return;
    this.users++;
    for (const key of line.keys) this.keys.push({ owner, ...key });
  }
}

/** The credential report's CSV, from pieces, as key facts (see CredentialReportParser). */
export async function parseCredentialReport(
  source: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
): Promise<ParsedCredentialReport> {
  const parser = new CredentialReportParser();
  try {
    for await (const piece of source) parser.write(piece);
  } catch (error) {
    throw invalid(error);
  }
  return parser.end();
}
