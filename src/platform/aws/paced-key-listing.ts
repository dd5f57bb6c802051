import { ListAccessKeysCommand, type AccessKeyMetadata, type IAMClient } from '@aws-sdk/client-iam';
import type { Account } from '../../kernel/accounts';
import type { ReportKeyListing } from '../../kernel/ports/report-key-listing';
import { asKeyId, type AccessKey, type IamUserName } from '../../kernel/types';
import { PacedCalls, type PacingOptions } from './paced-calls';

/**
 * ListAccessKeys for the keys a report names, through PacedCalls as the listing scan sends its
 * calls: a report can name thousands of nudged users, and IAM throttles an account as a whole. One
 * pacer per account, kept across runs, so the rate it settled on is where the next run starts.
 * `clientOf` gives the report's single-attempt client of the account, as keywarden.
 */
export class PacedKeyListing implements ReportKeyListing {
  private readonly pacers = new Map<string, PacedCalls>();

  constructor(
    private readonly clientOf: (account: Account) => IAMClient,
    private readonly pacing: PacingOptions = {},
  ) {}

  async keysOf(account: Account, owner: IamUserName): Promise<AccessKey[]> {
    const keys: AccessKey[] = [];
    for (const metadata of await pacedAccessKeys(this.pacerOf(account), this.clientOf(account), owner)) {
      const keyId = asKeyId(metadata.AccessKeyId ?? '');
      if (!keyId || !metadata.CreateDate) continue;
      keys.push({
        owner,
        keyId,
        status: metadata.Status === 'Active' ? 'Active' : 'Inactive',
        createdAt: metadata.CreateDate,
      });
    }
    return keys;
  }

  private pacerOf(account: Account): PacedCalls {
    let paced = this.pacers.get(account.name);
    if (!paced) {
      paced = new PacedCalls(this.pacing);
      this.pacers.set(account.name, paced);
    }
    return paced;
  }
}

/**
 * A user's keys as IAM lists them, every page through `paced` (pages are followed here, not by the
 * SDK's paginator, so each goes through PacedCalls). `pageSize` is IAM's MaxItems, IAM's default unset.
 */
export async function pacedAccessKeys(
  paced: PacedCalls,
  client: IAMClient,
  owner: IamUserName,
  pageSize?: number,
): Promise<AccessKeyMetadata[]> {
  const metadata: AccessKeyMetadata[] = [];
  let marker: string | undefined;
  do {
    const page = await paced.send('ListAccessKeys', () =>
      client.send(new ListAccessKeysCommand({ UserName: owner, Marker: marker, MaxItems: pageSize })),
    );
    metadata.push(...(page.AccessKeyMetadata ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return metadata;
}
