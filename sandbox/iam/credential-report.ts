import { stringify } from 'csv-stringify/sync';
import type { IamState, StoredKey, StoredUser } from './state';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

const NA = 'N/A';
const NO_KEY = ['false', NA, NA, NA, NA];
const NO_CERTS = ['false', NA, 'false', NA];

/** The report writes dates as `2026-01-02T03:04:05+00:00`, unlike the API's `...Z`. */
export function reportDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

function keySlot(key: StoredKey | undefined): string[] {
  if (!key) return NO_KEY;
  // An inactive key still has its creation date in last_rotated; only `active` says false.
  return [
    key.status === 'Active' ? 'true' : 'false',
    reportDate(key.createDate),
    key.lastUsed ? reportDate(key.lastUsed.date) : NA,
    key.lastUsed ? key.lastUsed.region : NA,
    key.lastUsed ? key.lastUsed.serviceName : NA,
  ];
}

function userRow(user: StoredUser, keys: StoredKey[]): string[] {
  // The sandbox models no console sign-ins: a password is set at creation and never seen in use.
  const password = user.passwordEnabled
    ? ['true', 'no_information', reportDate(user.createDate), NA]
    : ['false', NA, NA, NA];
  return [
    user.userName,
    user.arn,
    reportDate(user.createDate),
    ...password,
    // Console users are modelled with MFA; programmatic-only users have none to enable.
    user.passwordEnabled ? 'true' : 'false',
    ...keySlot(keys[0]),
    ...keySlot(keys[1]),
    ...NO_CERTS,
  ];
}

function rootRow(state: IamState, users: StoredUser[], generatedAt: Date): string[] {
  const created = users.reduce((min, u) => (u.createDate < min ? u.createDate : min), generatedAt);
  return [
    '<root_account>',
    `arn:aws:iam::${state.accountId}:root`,
    reportDate(created),
    'not_supported',
    'no_information',
    'not_supported',
    'not_supported',
    'true',
    ...NO_KEY,
    ...NO_KEY,
    ...NO_CERTS,
  ];
}

/** The CSV IAM would produce for this state now; key slots oldest first, as `keysOf` orders them. */
export function credentialReportCsv(state: IamState, generatedAt: Date): string {
  const users = state.userNames().flatMap((name) => state.user(name) ?? []);
  const rows = [
    [...CREDENTIAL_REPORT_COLUMNS],
    rootRow(state, users, generatedAt),
    ...users.map((user) => userRow(user, state.keysOf(user.userName))),
  ];
  return stringify(rows);
}
