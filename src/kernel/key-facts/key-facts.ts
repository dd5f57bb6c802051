import type { IamUserName, KeyId, KeyStatus, LastUse } from '../types';
import type { KeyFactsList } from './key-facts-table';

/** What a whole-account scan knows of one access key. */
export interface KeyFacts {
  owner: IamUserName;
  /** The managed account's name, set once the account's keys are classified. */
  account?: string;
  /** The credential report names a user's keys by slot (access_key_1, access_key_2), never by id. */
  slot?: 1 | 2;
  /** Known only when the keys were listed. */
  keyId?: KeyId;
  status: KeyStatus;
  createdAt: Date;
  lastUse: LastUse;
}

export type ScanSource = 'credential-report' | 'listing';

export interface AccountScan {
  source: ScanSource;
  /** When the data was true: a credential report can be up to four hours old. */
  generatedAt: Date;
  /** An array, or the columns of a parsed credential report (KeyFactsTable). */
  keys: KeyFactsList;
  /** IAM users seen, with or without keys. */
  users: number;
  /** Active keys of the root account, which only the credential report can see. */
  rootActiveKeys?: number;
}

/**
 * One pass over every access key of the account. Implementations throw KeywardenError with an
 * IAM_* code; IAM_ACCESS_DENIED means this way of scanning is not permitted.
 */
export interface AccountScanner {
  scan(): Promise<AccountScan>;
}
