import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Deliveries, Delivery } from '../domain/ports/deliveries';
import type { KeyId } from '../../../kernel/types';
import { decodeDelivery } from './item-schemas';
import { isConditionFailure, toStoreError } from '../../../platform/store/store-errors';
import { TTL_ATTRIBUTE } from '../../../platform/store/table';

/** Past this, no unclear create's check can ask about the key any more; a year leaves room to look. */
const KEEP_SECONDS = 400 * 24 * 3600;

const deliveryKey = (keyId: KeyId) => ({ pk: `DELIVERY#${keyId}`, sk: 'DELIVERY' });

/** One item per key made by a clear CreateAccessKey: whether its secret reached its recipient. */
export class DynamoDeliveries implements Deliveries {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async begin(delivery: Omit<Delivery, 'state' | 'settledAt'>): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...deliveryKey(delivery.keyId),
            type: 'delivery',
            state: 'DELIVERING',
            keyId: delivery.keyId,
            owner: delivery.owner,
            account: delivery.account,
            accountId: delivery.accountId,
            recipient: delivery.recipient,
            createdAt: delivery.createdAt.toISOString(),
            [TTL_ATTRIBUTE]: Math.floor(delivery.createdAt.getTime() / 1000) + KEEP_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // IAM never hands out a key id twice: a record already there is this write, sent again.
      if (isConditionFailure(error) && (await this.get(delivery.keyId))?.recipient === delivery.recipient)
        return;
      throw toStoreError(error, 'PutItem');
    }
  }

  async settle(keyId: KeyId, state: 'DELIVERED' | 'NOT_DELIVERED', at: Date): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: deliveryKey(keyId),
          UpdateExpression: 'SET #state = :state, settledAt = :at',
          ConditionExpression: '#state = :delivering',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':state': state,
            ':delivering': 'DELIVERING',
            ':at': at.toISOString(),
          },
        }),
      );
    } catch (error) {
      // A lost answer's repeat finds the state it set.
      if (isConditionFailure(error) && (await this.get(keyId))?.state === state) return;
      throw toStoreError(error, 'UpdateItem');
    }
  }

  async get(keyId: KeyId): Promise<Delivery | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: deliveryKey(keyId), ConsistentRead: true }),
      ));
    } catch (error) {
      throw toStoreError(error, 'GetItem');
    }
    return item ? decodeDelivery(item) : undefined;
  }
}
