import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  UpdateAccessKeyCommand,
  paginateListAccessKeys,
  type AccessKeyMetadata,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { KeywardenError } from '../../kernel/errors';
import type { IamPort, NewKey } from '../../kernel/ports/iam';
import { SecretValue } from '../../kernel/secret';
import type { AccessKey, IamUserName, KeyId, KeyStatus, LastUse } from '../../kernel/types';
import type { IamClients } from './iam-client';
import { toIamError } from './iam-errors';

/** IAM through the AWS SDK: the only place (with the store) that knows the SDK exists. */
export class SdkIam implements IamPort {
  private readonly pageSize?: number;

  /** `pageSize` is IAM's MaxItems; left unset, IAM's default (100) applies. */
  constructor(
    private readonly clients: IamClients,
    options: { pageSize?: number } = {},
  ) {
    this.pageSize = options.pageSize;
  }

  /** Read when used: a session's clients may be made on first use (iam-client.ts). */
  private get client(): IAMClient {
    return this.clients.standard;
  }

  private get once(): IAMClient {
    return this.clients.singleAttempt;
  }

  async listKeys(owner: IamUserName): Promise<AccessKey[]> {
    const keys: AccessKey[] = [];
    try {
      for await (const page of paginateListAccessKeys(
        { client: this.client, pageSize: this.pageSize },
        { UserName: owner },
      )) {
        keys.push(...(page.AccessKeyMetadata ?? []).map((metadata) => toAccessKey(metadata, owner)));
      }
    } catch (error) {
      throw toIamError(error, 'ListAccessKeys');
    }
    return keys;
  }

  async lastUse(keyId: KeyId): Promise<{ owner: IamUserName; lastUse: LastUse }> {
    try {
      const answer = await this.client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: keyId }));
      if (!answer.UserName) {
        throw new KeywardenError('IAM_NOT_FOUND', 'IAM GetAccessKeyLastUsed: the key has no owner');
      }
      const used = answer.AccessKeyLastUsed;
      return {
        owner: answer.UserName as IamUserName,
        lastUse: {
          at: used?.LastUsedDate,
          service: meaningful(used?.ServiceName),
          region: meaningful(used?.Region),
        },
      };
    } catch (error) {
      throw toIamError(error, 'GetAccessKeyLastUsed');
    }
  }

  async createKey(owner: IamUserName): Promise<NewKey> {
    try {
      const answer = await this.once.send(new CreateAccessKeyCommand({ UserName: owner }));
      const made = answer.AccessKey;
      if (!made?.AccessKeyId || !made.SecretAccessKey) {
        throw new KeywardenError('IAM_UNCLEAR', 'IAM CreateAccessKey: the answer held no key');
      }
      return {
        key: {
          // The name as IAM spells it: names ignore case, so `ALICE` may have been asked for.
          owner: (made.UserName ?? owner) as IamUserName,
          keyId: made.AccessKeyId as KeyId,
          status: made.Status === 'Inactive' ? 'Inactive' : 'Active',
          createdAt: made.CreateDate ?? new Date(),
        },
        secret: new SecretValue(made.SecretAccessKey),
      };
    } catch (error) {
      const mapped = toIamError(error, 'CreateAccessKey');
      // A 5xx or a dropped connection leaves it unknown whether IAM made the key.
      if (mapped.code === 'IAM_UNAVAILABLE') {
        throw new KeywardenError('IAM_UNCLEAR', 'IAM CreateAccessKey: no clear answer', { cause: error });
      }
      throw mapped;
    }
  }

  async setStatus(owner: IamUserName, keyId: KeyId, status: KeyStatus): Promise<void> {
    try {
      await this.client.send(
        new UpdateAccessKeyCommand({ UserName: owner, AccessKeyId: keyId, Status: status }),
      );
    } catch (error) {
      throw toIamError(error, 'UpdateAccessKey');
    }
  }

  /**
   * One attempt, like create: the approval's lease is the retry. An SDK retry after a lost answer
   * would send a second DeleteAccessKey inside one lease, seen in CloudTrail as a second executor;
   * instead the lease is given back and the sweep tries again, and a key already gone is done.
   */
  async deleteKey(owner: IamUserName, keyId: KeyId): Promise<void> {
    try {
      await this.once.send(new DeleteAccessKeyCommand({ UserName: owner, AccessKeyId: keyId }));
    } catch (error) {
      throw toIamError(error, 'DeleteAccessKey');
    }
  }
}

/** IAM says "N/A" for a key that was never used. */
function meaningful(text: string | undefined): string | undefined {
  return text && text !== 'N/A' ? text : undefined;
}

function toAccessKey(metadata: AccessKeyMetadata, owner: IamUserName): AccessKey {
  return {
    owner: (metadata.UserName ?? owner) as IamUserName,
    keyId: metadata.AccessKeyId as KeyId,
    status: metadata.Status === 'Active' ? 'Active' : 'Inactive',
    createdAt: metadata.CreateDate ?? new Date(0),
  };
}
