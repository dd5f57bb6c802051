import { stringify } from 'csv-stringify/sync';
import { CREDENTIAL_REPORT_COLUMNS } from '../../../sandbox/iam';
import { setImmediate as turn } from 'node:timers/promises';
import {
  CredentialReportParser,
  parseCredentialReport,
} from '../../../src/platform/aws/credential-report-csv';
import { KeywardenError } from '../../../src/kernel/errors';

type Row = Partial<Record<(typeof CREDENTIAL_REPORT_COLUMNS)[number], string>>;

const NO_KEY = (n: 1 | 2): Row => ({
  [`access_key_${n}_active`]: 'false',
  [`access_key_${n}_last_rotated`]: 'N/A',
  [`access_key_${n}_last_used_date`]: 'N/A',
  [`access_key_${n}_last_used_region`]: 'N/A',
  [`access_key_${n}_last_used_service`]: 'N/A',
});

/** Every field quoted, as some CSV writers do; IAM's own columns, in IAM's order. */
function csv(rows: Row[]): string {
  const full = rows.map((row) => CREDENTIAL_REPORT_COLUMNS.map((column) => row[column] ?? 'N/A'));
  return stringify([[...CREDENTIAL_REPORT_COLUMNS], ...full], { quoted: true });
}

/** The report in pieces of `size` bytes, cut wherever that falls: mid-field, mid-quote, mid-line. */
function* pieces(text: string, size = 7): Generator<Buffer> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const ROOT: Row = {
  user: '<root_account>',
  arn: 'arn:aws:iam::123456789012:root',
  password_enabled: 'not_supported',
  password_last_used: 'no_information',
  password_last_changed: 'not_supported',
  password_next_rotation: 'not_supported',
  ...NO_KEY(1),
  ...NO_KEY(2),
};

describe('parseCredentialReport, from the CSV in pieces', () => {
  it('reads both slots, with N/A as "never used" and +00:00 dates', async () => {
    const parsed = await parseCredentialReport(
      pieces(
        csv([
          ROOT,
          {
            user: 'alice',
            password_last_used: 'no_information',
            access_key_1_active: 'true',
            access_key_1_last_rotated: '2025-01-02T03:04:05+00:00',
            access_key_1_last_used_date: '2026-05-01T10:00:00+00:00',
            access_key_1_last_used_region: 'eu-west-1',
            access_key_1_last_used_service: 's3',
            access_key_2_active: 'true',
            access_key_2_last_rotated: '2026-06-01T00:00:00+00:00',
            access_key_2_last_used_date: 'N/A',
            access_key_2_last_used_region: 'N/A',
            access_key_2_last_used_service: 'N/A',
          },
        ]),
      ),
    );
    expect(parsed.users).toBe(1);
    expect([...parsed.keys]).toEqual([
      {
        owner: 'alice',
        slot: 1,
        status: 'Active',
        createdAt: new Date('2025-01-02T03:04:05Z'),
        lastUse: { at: new Date('2026-05-01T10:00:00Z'), service: 's3', region: 'eu-west-1' },
      },
      { owner: 'alice', slot: 2, status: 'Active', createdAt: new Date('2026-06-01T00:00:00Z'), lastUse: {} },
    ]);
  });

  it('tells an inactive key (a creation date) from an empty slot (N/A), though both say false', async () => {
    const parsed = await parseCredentialReport(
      pieces(
        csv([
          {
            user: 'bob',
            access_key_1_active: 'false',
            access_key_1_last_rotated: '2024-01-01T00:00:00+00:00',
            access_key_1_last_used_date: 'no_information',
            ...NO_KEY(2),
          },
        ]),
      ),
    );
    expect([...parsed.keys]).toEqual([
      { owner: 'bob', slot: 1, status: 'Inactive', createdAt: new Date('2024-01-01T00:00:00Z'), lastUse: {} },
    ]);
  });

  it('keeps the root row out of the keys, counts its active keys apart, and counts users without keys', async () => {
    const root = {
      ...ROOT,
      access_key_1_active: 'true',
      access_key_1_last_rotated: '2019-01-01T00:00:00+00:00',
      access_key_1_last_used_date: 'not_supported',
    };
    const parsed = await parseCredentialReport(
      pieces(csv([root, { user: 'carol', ...NO_KEY(1), ...NO_KEY(2) }])),
    );
    expect({ ...parsed, keys: [...parsed.keys] }).toEqual({ keys: [], users: 1, rootActiveKeys: 1 });
  });

  it('finds the columns by name, in whatever order a report has them', async () => {
    const text =
      'access_key_2_last_used_service,access_key_2_last_used_region,access_key_2_last_used_date,access_key_2_last_rotated,access_key_2_active,' +
      'access_key_1_last_used_service,access_key_1_last_used_region,access_key_1_last_used_date,access_key_1_last_rotated,access_key_1_active,user\n' +
      'N/A,N/A,N/A,N/A,false,sts,us-east-1,2026-06-01T00:00:00+00:00,2026-01-01T00:00:00+00:00,true,dave\n';
    const parsed = await parseCredentialReport(pieces(text, 3));
    expect([...parsed.keys]).toEqual([
      {
        owner: 'dave',
        slot: 1,
        status: 'Active',
        createdAt: new Date('2026-01-01T00:00:00Z'),
        lastUse: { at: new Date('2026-06-01T00:00:00Z'), service: 'sts', region: 'us-east-1' },
      },
    ]);
  });

  it('refuses a report without the access key columns, so the listing can take over', async () => {
    const error = await parseCredentialReport(pieces('user,arn\nalice,arn:aws:iam::1:user/alice\n')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KeywardenError);
    expect((error as KeywardenError).message).toContain('lacks the access key columns');
  });

  it('refuses a report that is not CSV, and a source that fails half-way, instead of waiting for more', async () => {
    const broken = await parseCredentialReport(pieces(`${csv([ROOT])}"unterminated,quote\n`)).catch(
      (e: unknown) => e,
    );
    expect((broken as KeywardenError).code).toBe('IAM_UNAVAILABLE');

    async function* failing() {
      yield Buffer.from(csv([ROOT]).slice(0, 200));
      throw new Error('connection reset');
    }
    const cut = await parseCredentialReport(failing()).catch((e: unknown) => e);
    expect((cut as KeywardenError).code).toBe('IAM_UNAVAILABLE');
    expect(((cut as KeywardenError).cause as Error).message).toBe('connection reset');
  });
});

describe('CredentialReportParser: the report as a stream', () => {
  const users = (n: number): Row[] =>
    Array.from({ length: n }, (_, i) => ({
      user: `user-${String(i).padStart(5, '0')}`,
      arn: `arn:aws:iam::123456789012:user/user-${i}`,
      access_key_1_active: 'true',
      access_key_1_last_rotated: '2025-01-02T03:04:05+00:00',
      access_key_1_last_used_date: '2026-05-01T10:00:00+00:00',
      access_key_1_last_used_region: 'eu-west-1',
      access_key_1_last_used_service: 's3',
      ...NO_KEY(2),
    }));

  it('parses each piece as it is written: keys are there while most of the report is still to come', async () => {
    const text = csv([ROOT, ...users(2_000)]);
    const parser = new CredentialReportParser();
    const seenAfterAQuarter: number[] = [];
    let written = 0;
    for (const piece of pieces(text, 64)) {
      parser.write(piece);
      written += piece.length;
      if (seenAfterAQuarter.length === 0 && written >= text.length / 4) {
        // One turn of the event loop, as between two pieces of a download.
        await turn();
        seenAfterAQuarter.push(parser.keysSoFar);
      }
    }
    const parsed = await parser.end();
    expect(parsed.keys).toHaveLength(2_000);
    // A parser over the whole text would have no key before every byte had been read.
    expect(seenAfterAQuarter[0]).toBeGreaterThan(300);
    expect(seenAfterAQuarter[0]).toBeLessThan(700);
  });

  it('says a broken report once it is written, and refuses further pieces', async () => {
    const parser = new CredentialReportParser();
    parser.write(Buffer.from(`${csv([ROOT])}"unterminated,quote\n`));
    const error = await parser.end().catch((e: unknown) => e);
    expect((error as KeywardenError).code).toBe('IAM_UNAVAILABLE');
    expect(() => parser.write(Buffer.from('more\n'))).toThrow(KeywardenError);
  });

  it('gives each key of the parsed report only the fields a stale-key report uses', async () => {
    const parsed = await parseCredentialReport(pieces(csv([ROOT, ...users(3)]), 11));
    expect(parsed.keys).toHaveLength(3);
    for (const key of parsed.keys) {
      expect(Object.keys(key).sort()).toEqual(['createdAt', 'lastUse', 'owner', 'slot', 'status']);
    }
  });
});
