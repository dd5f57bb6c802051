import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KeyHold, KeyHolds } from '../domain/ports/key-holds';
import type { KeyId, SlackUserId } from '../../../kernel/types';
import { decodeHold } from './item-schemas';
import { isConditionFailure, toStoreError } from '../../../platform/store/store-errors';

const holdKey = (keyId: KeyId) => ({ pk: `HOLD#${keyId}`, sk: 'HOLD' });

/**
 * One item per key under hold. It has no TTL: a hold lasts until an admin lifts it, however long
 * that is (an expired hold would hand the key back to its owner). A lifted hold stays as LIFTED,
 * naming who lifted it; placing a hold again replaces it.
 */
export class DynamoKeyHolds implements KeyHolds {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async place(hold: KeyHold): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...holdKey(hold.keyId),
            type: 'hold',
            state: 'HELD',
            keyId: hold.keyId,
            owner: hold.owner,
            account: hold.account,
            accountId: hold.accountId,
            by: hold.by,
            at: hold.at.toISOString(),
          },
          // A hold in place is kept as it is: the first responder stays named. A lost answer's
          // repeat meets its own hold here, which is the outcome wanted.
          ConditionExpression: 'attribute_not_exists(pk) OR #state = :lifted',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':lifted': 'LIFTED' },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return;
      throw toStoreError(error, 'PutItem');
    }
  }

  async get(keyId: KeyId): Promise<KeyHold | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: holdKey(keyId), ConsistentRead: true }),
      ));
    } catch (error) {
      throw toStoreError(error, 'GetItem');
    }
    if (!item) return undefined;
    const { state, ...hold } = decodeHold(item);
    return state === 'HELD' ? hold : undefined;
  }

  async lift(keyId: KeyId, by: SlackUserId, at: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: holdKey(keyId),
          UpdateExpression: 'SET #state = :lifted, liftedBy = :by, liftedAt = :at',
          ConditionExpression: '#state = :held',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':lifted': 'LIFTED',
            ':held': 'HELD',
            ':by': by,
            ':at': at.toISOString(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw toStoreError(error, 'UpdateItem');
    }
  }
}
