import type { Account } from '../accounts';
import type { AccessKey, IamUserName } from '../types';

/**
 * A user's access keys, listed for a report: as keywarden (work nobody clicked), in the session the
 * report's scan uses, and paced with the report's other IAM calls. Throws KeywardenError (IAM_*,
 * ACCOUNT_UNAVAILABLE) when IAM cannot say.
 */
export interface ReportKeyListing {
  keysOf(account: Account, owner: IamUserName): Promise<AccessKey[]>;
}
