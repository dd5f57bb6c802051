import type { IamUserName } from '../../../kernel/types';

/**
 * One access key as a whole-account scan can name it across runs. The credential report has no key
 * ids, so a key is its account, its owner and its creation time (IAM keeps it to the second).
 */
export interface KeyRef {
  account: string;
  owner: IamUserName;
  createdAt: Date;
}

/** The same text for the same key, whatever the case of the owner or the milliseconds of the time. */
export function keyRefId(ref: KeyRef): string {
  const second = new Date(Math.floor(ref.createdAt.getTime() / 1000) * 1000);
  return `${ref.account}#${ref.owner.toLowerCase()}#${second.toISOString()}`;
}
