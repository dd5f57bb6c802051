export {
  FOREIGN_ACCOUNT_ID,
  startStsServer,
  STS_XMLNS,
  type StartStsServerOptions,
  type StsServer,
} from './server';
export type { StsRole } from './roles';
export type { StsFault } from './faults';
export type { AssumeRoleRecord, StsCall } from './call-log';
export { STS_ERRORS, type MissingActionStyle, type StsErrorCode } from './errors';
export { DEFAULT_DURATION_SECONDS } from './params';
