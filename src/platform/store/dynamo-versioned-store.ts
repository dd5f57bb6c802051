import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Versioned, VersionedStore } from '../../kernel/ports/versioned-store';
import { isConditionFailure, toStoreError } from './store-errors';
import { TTL_ATTRIBUTE } from './table';

/** How one kind of record becomes an item and back (dates as ISO strings). */
export interface Codec<T> {
  kind: string;
  toItem(record: T): Record<string, unknown>;
  fromItem(item: Record<string, unknown>): T;
  /** When DynamoDB's TTL may tidy the item away. */
  expiresAt(record: T): Date;
}

/** Invitations and rotations: one item each, replaced whole under a state-and-version condition. */
export class DynamoVersionedStore<T extends Versioned<string>> implements VersionedStore<T> {
  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    protected readonly tableName: string,
    protected readonly codec: Codec<T>,
  ) {}

  private key(id: string) {
    return { pk: `${this.codec.kind.toUpperCase()}#${id}`, sk: this.codec.kind.toUpperCase() };
  }

  private item(record: T): Record<string, unknown> {
    return {
      ...this.codec.toItem(record),
      ...this.key(record.id),
      type: this.codec.kind,
      id: record.id,
      state: record.state,
      version: record.version,
      [TTL_ATTRIBUTE]: Math.floor(this.codec.expiresAt(record).getTime() / 1000),
    };
  }

  async create(record: T): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(record),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      throw toStoreError(error, 'PutItem');
    }
  }

  async get(id: string): Promise<T | undefined> {
    try {
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: this.key(id), ConsistentRead: true }),
      );
      return Item && Item.type === this.codec.kind ? this.codec.fromItem(Item) : undefined;
    } catch (error) {
      throw toStoreError(error, 'GetItem');
    }
  }

  async replace(next: T, expected: { state: T['state']; version: number }): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(next),
          ConditionExpression: '#state = :state AND #version = :version',
          ExpressionAttributeNames: { '#state': 'state', '#version': 'version' },
          ExpressionAttributeValues: { ':state': expected.state, ':version': expected.version },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw toStoreError(error, 'PutItem');
    }
  }
}
