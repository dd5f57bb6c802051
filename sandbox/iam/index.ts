export { startIamServer, type IamServer, type StartIamServerOptions } from './server';
export {
  IamState,
  type IamStateJson,
  type IamStateOptions,
  type KeyLastUse,
  type SeedKey,
  type StoredKey,
  type StoredUser,
} from './state';
export type { IamCall } from './call-log';
export type { Fault } from './faults';
export { seedLargeAccount, type SeedLargeAccountOptions } from './seed';
export { CREDENTIAL_REPORT_COLUMNS } from './credential-report';
