export { startIamServer, type IamServer, type StartIamServerOptions } from './server';
export {
  ACCOUNT_ID,
  IamState,
  type IamStateJson,
  type IamStateOptions,
  type KeyLastUse,
  type SeedKey,
  type StoredKey,
  type StoredUser,
} from './state';
export {
  CredentialRegistry,
  type BaseCredential,
  type Caller,
  type CredentialRefusal,
  type CredentialRegistryOptions,
  type TemporaryCredential,
} from './credential-registry';
export type { IamCall } from './call-log';
export type { AttachedPolicy, StoredGroup } from './permissions';
export type { Fault } from './faults';
export { seedLargeAccount, type SeedLargeAccountOptions } from './seed';
export { CREDENTIAL_REPORT_COLUMNS } from './credential-report';
