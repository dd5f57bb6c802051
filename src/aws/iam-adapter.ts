import {
  GetAccessKeyLastUsedCommand,
  paginateListAccessKeys,
  type AccessKeyMetadata,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { KeywardenError } from '../errors';
import type { IamPort } from '../keys/iam-port';
import type { AccessKey, IamUserName, KeyId, LastUse } from '../keys/types';
import type { IamClients } from './iam-client';
import { toIamError } from './iam-errors';

/** IAM through the AWS SDK: the only place (with the store) that knows the SDK exists. */
export class SdkIam implements IamPort {
  private readonly client: IAMClient;

  constructor(clients: IamClients) {
    this.client = clients.standard;
  }

  async listKeys(owner: IamUserName): Promise<AccessKey[]> {
    const keys: AccessKey[] = [];
    try {
      for await (const page of paginateListAccessKeys({ client: this.client }, { UserName: owner })) {
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
