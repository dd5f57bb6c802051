import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApprovalRequest, KeyStatusChange, MessageRef, OpenState } from '../domain/approval';
import {
  StaleTransitionError,
  type ApprovalStore,
  type KeyClaim,
  type TransitionChange,
  type TransitionConditions,
} from '../domain/ports/approval-store';
import type { KeyId } from '../../../kernel/types';
import {
  claimTtl,
  fromItem,
  KEY_CLAIM_TYPE,
  keyClaimKey,
  keyStatusChangeItem,
  requestKey,
  toItem,
  VOID_REQUEST_TYPE,
} from './approval-items';
import { decodeKeyClaim } from './item-schemas';
import { transitionUpdate } from './transition-update';
import { TTL_ATTRIBUTE } from '../../../platform/store/table';
import { isConditionFailure, toStoreError } from '../../../platform/store/store-errors';
import { queryItems } from '../../../platform/store/paging';

export class DynamoApprovalStore implements ApprovalStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Told of an item in a listing that does not decode; the listing goes on without it. */
    private readonly onCorrupt: (error: unknown) => void = () => undefined,
  ) {}

  async create(request: ApprovalRequest): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(request),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) {
        const stored = await this.rawRequestItem(request.id);
        if (stored?.type === VOID_REQUEST_TYPE) return false;
        // Ids are random: the very same item already stored is this create, sent again by the SDK.
        if (stored?.type === 'approval' && isDeepStrictEqual(toItem(fromItem(stored)), toItem(request))) {
          return true;
        }
      }
      throw toStoreError(error, 'PutItem');
    }
  }

  async get(id: string): Promise<ApprovalRequest | undefined> {
    try {
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: requestKey(id), ConsistentRead: true }),
      );
      return Item && Item.type === 'approval' ? fromItem(Item) : undefined;
    } catch (error) {
      throw toStoreError(error, 'GetItem');
    }
  }

  /**
   * One conditional write: the condition names the state and version it leaves (and, when asked,
   * that the request has not expired, or which lease it must hold), and the history entry is
   * appended in the same write, with a write id. The SDK sends a write again when its answer is
   * lost; the second copy then fails its condition, so a failed condition whose stored history
   * already holds this write id is this very write having succeeded.
   */
  async transition(
    request: ApprovalRequest,
    change: TransitionChange,
    conditions: TransitionConditions = {},
  ): Promise<ApprovalRequest> {
    const entry = { ...change.entry, writeId: change.entry.writeId ?? randomUUID() };
    const { update, condition, names, values } = transitionUpdate(request, { ...change, entry }, conditions);
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestKey(request.id),
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return fromItem(Attributes as Record<string, unknown>);
    } catch (error) {
      if (isConditionFailure(error)) {
        // dynalite ignores ReturnValuesOnConditionCheckFailure, so read again to say why.
        const current = await this.get(request.id);
        if (current?.history.some((stored) => stored.writeId === entry.writeId)) return current;
        throw new StaleTransitionError(request.id, current, { cause: error });
      }
      throw toStoreError(error, 'UpdateItem');
    }
  }

  async attachMessage(id: string, message: MessageRef): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestKey(id),
          UpdateExpression: 'SET #message = :message',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#message': 'message' },
          ExpressionAttributeValues: { ':message': message },
        }),
      );
    } catch (error) {
      throw toStoreError(error, 'UpdateItem');
    }
  }

  async claimReminder(id: string, previous: Date | undefined, at: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestKey(id),
          UpdateExpression: 'SET remindedAt = :at',
          ConditionExpression: previous
            ? '#state = :pending AND remindedAt = :previous'
            : '#state = :pending AND attribute_not_exists(remindedAt)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':at': at.toISOString(),
            ':pending': 'PENDING',
            ...(previous ? { ':previous': previous.toISOString() } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw toStoreError(error, 'UpdateItem');
    }
  }

  async noteKeyStatus(id: string, change: KeyStatusChange): Promise<ApprovalRequest | undefined> {
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestKey(id),
          UpdateExpression: 'SET keyStatusChange = :change',
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':change': keyStatusChangeItem(change), ':pending': 'PENDING' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? fromItem(Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw toStoreError(error, 'UpdateItem');
    }
  }

  async keyClaim(keyId: KeyId): Promise<KeyClaim | undefined> {
    try {
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: keyClaimKey(keyId), ConsistentRead: true }),
      );
      return Item ? decodeKeyClaim(Item) : undefined;
    } catch (error) {
      throw toStoreError(error, 'GetItem');
    }
  }

  /**
   * A PutItem of the whole claim: on a free claim (`requestId` absent: never claimed, or released),
   * or on one that still names `replacing`. A resend of this very put after a lost answer finds the
   * claim naming this request, which is success.
   */
  async claimKey(keyId: KeyId, requestId: string, at: Date, replacing?: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keyClaimKey(keyId),
            type: KEY_CLAIM_TYPE,
            keyId,
            requestId,
            claimedAt: at.toISOString(),
            [TTL_ATTRIBUTE]: claimTtl(at),
          },
          ConditionExpression: replacing ? 'requestId = :replacing' : 'attribute_not_exists(requestId)',
          ...(replacing ? { ExpressionAttributeValues: { ':replacing': replacing } } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return (await this.keyClaim(keyId))?.requestId === requestId;
      throw toStoreError(error, 'PutItem');
    }
  }

  /** An UpdateItem, not a delete: the bot's role may not delete items (docs/store.md). */
  async releaseKey(keyId: KeyId, requestId: string, at: Date): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyClaimKey(keyId),
          UpdateExpression: 'SET releasedAt = :at REMOVE requestId',
          ConditionExpression: 'requestId = :id',
          ExpressionAttributeValues: { ':id': requestId, ':at': at.toISOString() },
        }),
      );
    } catch (error) {
      // Released already (a resend), or claimed since by another request: either way not ours.
      if (isConditionFailure(error)) return;
      throw toStoreError(error, 'UpdateItem');
    }
  }

  async voidRequest(requestId: string, at: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...requestKey(requestId),
            type: VOID_REQUEST_TYPE,
            id: requestId,
            voidedAt: at.toISOString(),
            [TTL_ATTRIBUTE]: claimTtl(at),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error))
        return (await this.rawRequestItem(requestId))?.type === VOID_REQUEST_TYPE;
      throw toStoreError(error, 'PutItem');
    }
  }

  private async rawRequestItem(id: string): Promise<Record<string, unknown> | undefined> {
    try {
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: requestKey(id), ConsistentRead: true }),
      );
      return Item;
    } catch (error) {
      throw toStoreError(error, 'GetItem');
    }
  }

  async listByState(state: OpenState, limit = 200): Promise<ApprovalRequest[]> {
    const requests = await queryItems(
      this.doc,
      this.tableName,
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `APPROVAL#${state}` },
      },
      // One item nobody should have written must not stop the sweep for every other request.
      { decode: fromItem, onCorrupt: this.onCorrupt, enough: limit },
    );
    // An index is eventually consistent: keep only what is still in the state asked for.
    return requests.filter((request) => request.state === state).slice(0, limit);
  }
}
