import { stringify } from 'csv-stringify/sync';
import { CREDENTIAL_REPORT_COLUMNS } from '../../sandbox/iam';
import { parseCredentialReport } from '../../src/aws/credential-report-csv';
import { KeywardenError } from '../../src/errors';

type Row = Partial<Record<(typeof CREDENTIAL_REPORT_COLUMNS)[number], string>>;

const NO_KEY = (n: 1 | 2): Row => ({
  [`access_key_${n}_active`]: 'false',
  [`access_key_${n}_last_rotated`]: 'N/A',
  [`access_key_${n}_last_used_date`]: 'N/A',
  [`access_key_${n}_last_used_region`]: 'N/A',
  [`access_key_${n}_last_used_service`]: 'N/A',
});

function csv(rows: Row[]): string {
  const full = rows.map((row) => CREDENTIAL_REPORT_COLUMNS.map((column) => row[column] ?? 'N/A'));
  return stringify([[...CREDENTIAL_REPORT_COLUMNS], ...full]);
}

const ROOT: Row = {
  user: '<root_account>',
  arn: 'arn:aws:iam::123456789012:root',
  password_enabled: 'not_supported',
  password_last_used: 'no_information',
  ...NO_KEY(1),
  ...NO_KEY(2),
};

describe('parseCredentialReport', () => {
  it('reads both slots, with N/A as "never used" and +00:00 dates', () => {
    const parsed = parseCredentialReport(
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
    );
    expect(parsed.users).toBe(1);
    expect(parsed.keys).toEqual([
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

  it('tells an inactive key (a creation date) from an empty slot (N/A), though both say false', () => {
    const parsed = parseCredentialReport(
      csv([
        {
          user: 'bob',
          access_key_1_active: 'false',
          access_key_1_last_rotated: '2024-01-01T00:00:00+00:00',
          access_key_1_last_used_date: 'no_information',
          ...NO_KEY(2),
        },
      ]),
    );
    expect(parsed.keys).toEqual([
      { owner: 'bob', slot: 1, status: 'Inactive', createdAt: new Date('2024-01-01T00:00:00Z'), lastUse: {} },
    ]);
  });

  it('keeps the root row out of the keys and counts its active keys apart', () => {
    const root = {
      ...ROOT,
      access_key_1_active: 'true',
      access_key_1_last_rotated: '2019-01-01T00:00:00+00:00',
      access_key_1_last_used_date: 'not_supported',
    };
    const parsed = parseCredentialReport(csv([root, { user: 'carol', ...NO_KEY(1), ...NO_KEY(2) }]));
    expect(parsed).toEqual({ keys: [], users: 1, rootActiveKeys: 1 });
  });

  it('refuses a report without the access key columns, so the listing can take over', () => {
    expect(() => parseCredentialReport('user,arn\nalice,arn:aws:iam::1:user/alice\n')).toThrow(
      KeywardenError,
    );
  });
});
