import {
  GetAccessKeyLastUsedCommand,
  ListUsersCommand,
  type AccessKeyMetadata,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { KeywardenError } from '../../kernel/errors';
import type { AccountScan, AccountScanner, KeyFacts } from '../../kernel/key-facts/key-facts';
import { mapConcurrent } from '../../kernel/map-concurrent';
import { asIamUserName, asKeyId, type IamUserName } from '../../kernel/types';
import { PacedCalls, type PacingOptions, type PacingStats } from './paced-calls';
import { pacedAccessKeys } from './paced-key-listing';

export interface ListingOptions {
  /** Users whose keys are being read at once. */
  concurrency?: number;
  /** IAM's MaxItems for ListUsers and ListAccessKeys; 1000 is IAM's largest page. */
  pageSize?: number;
  pacing?: PacingOptions;
}

/**
 * The account key by key, where the credential report is not permitted: ListUsers (paged), then
 * for each user ListAccessKeys and GetAccessKeyLastUsed per key, so 1 + users + keys calls. The
 * client must make one attempt per call: PacedCalls does the pacing and the retrying. Pages are
 * followed here, not by the SDK's paginators (paginateListUsers): a paginator sends each page's
 * request itself, on a real IAMClient, so no page could go through PacedCalls.
 */
export class ListingScanner implements AccountScanner {
  private readonly concurrency: number;
  private readonly pageSize: number;
  /** The last scan's pacing, for logs and the benchmark. */
  lastStats: PacingStats | undefined;

  constructor(
    private readonly client: IAMClient,
    private readonly options: ListingOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 8;
    this.pageSize = options.pageSize ?? 1000;
  }

  async scan(): Promise<AccountScan> {
    const generatedAt = new Date();
    const paced = new PacedCalls(this.options.pacing);
    try {
      const users = await this.users(paced);
      const perUser = await mapConcurrent(users, this.concurrency, (user) => this.keysOf(paced, user));
      return { source: 'listing', generatedAt, keys: perUser.flat(), users: users.length };
    } finally {
      this.lastStats = paced.stats;
    }
  }

  private async users(paced: PacedCalls): Promise<IamUserName[]> {
    const names: IamUserName[] = [];
    let marker: string | undefined;
    do {
      const page = await paced.send('ListUsers', () =>
        this.client.send(new ListUsersCommand({ Marker: marker, MaxItems: this.pageSize })),
      );
      for (const user of page.Users ?? []) {
        const name = asIamUserName(user.UserName ?? '');
        if (name) names.push(name);
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return names;
  }

  private async keysOf(paced: PacedCalls, owner: IamUserName): Promise<KeyFacts[]> {
    let metadata: AccessKeyMetadata[];
    try {
      metadata = await pacedAccessKeys(paced, this.client, owner, this.pageSize);
    } catch (error) {
      if (isNotFound(error)) return []; // the user was deleted since ListUsers
      throw error;
    }
    const facts: KeyFacts[] = [];
    for (const key of metadata) {
      const keyId = asKeyId(key.AccessKeyId ?? '');
      if (!keyId || !key.CreateDate) continue;
      let used;
      try {
        used = await paced.send('GetAccessKeyLastUsed', () =>
          this.client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: keyId })),
        );
      } catch (error) {
        if (isNotFound(error)) continue; // deleted since ListAccessKeys
        throw error;
      }
      const last = used.AccessKeyLastUsed;
      facts.push({
        owner,
        keyId,
        status: key.Status === 'Active' ? 'Active' : 'Inactive',
        createdAt: key.CreateDate,
        lastUse: last?.LastUsedDate
          ? { at: last.LastUsedDate, service: meaningful(last.ServiceName), region: meaningful(last.Region) }
          : {},
      });
    }
    return facts;
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof KeywardenError && error.code === 'IAM_NOT_FOUND';
}

/** IAM says "N/A" for a key that was never used. */
function meaningful(text: string | undefined): string | undefined {
  return text && text !== 'N/A' ? text : undefined;
}
