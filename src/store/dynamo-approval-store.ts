import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { ApprovalRequest, MessageRef, OpenState } from '../keys/approvals/approval';
import {
  StaleTransitionError,
  type ApprovalStore,
  type TransitionChange,
  type TransitionConditions,
} from '../keys/ports/approval-store';
import {
  fromItem,
  historyItem,
  leaseItem,
  openIndex,
  outcomeItem,
  requestKey,
  toItem,
} from './approval-items';
import { isConditionFailure, toStoreError } from './store-errors';

export class DynamoApprovalStore implements ApprovalStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Told of an item in a listing that does not decode; the listing goes on without it. */
    private readonly onCorrupt: (error: unknown) => void = () => undefined,
  ) {}

  async create(request: ApprovalRequest): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(request),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // Ids are random: the very same item already stored is this create, sent again by the SDK.
      if (isConditionFailure(error)) {
        const current = await this.get(request.id);
        if (current && isDeepStrictEqual(toItem(current), toItem(request))) return;
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
    const names: Record<string, string> = { '#state': 'state', '#version': 'version', '#history': 'history' };
    const values: Record<string, unknown> = {
      ':from': request.state,
      ':to': change.to,
      ':version': request.version,
      ':next': request.version + 1,
      ':entry': [historyItem(entry)],
    };
    const sets = ['#state = :to', '#version = :next', '#history = list_append(#history, :entry)'];
    const removes: string[] = [];
    const checks = ['#state = :from', '#version = :version'];
    if (change.addApproval) {
      names['#approvals'] = 'approvals';
      values[':approval'] = [{ by: change.addApproval.by, at: change.addApproval.at.toISOString() }];
      sets.push('#approvals = list_append(#approvals, :approval)');
    }
    if (change.outcome !== undefined) {
      names['#outcome'] = 'outcome';
      values[':outcome'] = outcomeItem(change.outcome);
      sets.push('#outcome = :outcome');
    }
    if (change.lease !== undefined || conditions.requireLease || conditions.requireLeaseExpiredAt) {
      names['#lease'] = 'lease';
    }
    if (change.lease) {
      values[':lease'] = leaseItem(change.lease);
      sets.push('#lease = :lease');
    } else if (change.lease === null) {
      removes.push('#lease');
    }
    const index = openIndex(change.to, request.createdAt, request.id);
    if (index) {
      values[':gsi1pk'] = index.gsi1pk;
      values[':gsi1sk'] = index.gsi1sk;
      sets.push('gsi1pk = :gsi1pk', 'gsi1sk = :gsi1sk');
    } else {
      removes.push('gsi1pk', 'gsi1sk');
    }
    // ISO-8601 UTC strings of one format order as the instants they name.
    if (conditions.requireUnexpiredAt) {
      names['#expiresAt'] = 'expiresAt';
      values[':now'] = conditions.requireUnexpiredAt.toISOString();
      checks.push('#expiresAt > :now');
    }
    if (conditions.requireLease) {
      names['#leaseId'] = 'id';
      values[':leaseId'] = conditions.requireLease;
      checks.push('#lease.#leaseId = :leaseId');
    }
    if (conditions.requireLeaseExpiredAt) {
      names['#leaseExpiresAt'] = 'expiresAt';
      values[':leaseNow'] = conditions.requireLeaseExpiredAt.toISOString();
      checks.push('(attribute_not_exists(#lease) OR #lease.#leaseExpiresAt <= :leaseNow)');
    }
    const update = `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`;
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestKey(request.id),
          UpdateExpression: update,
          ConditionExpression: checks.join(' AND '),
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

  async listByState(state: OpenState, limit = 200): Promise<ApprovalRequest[]> {
    const requests: ApprovalRequest[] = [];
    let start: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': `APPROVAL#${state}` },
            ExclusiveStartKey: start,
          }),
        );
        // One item nobody should have written must not stop the sweep for every other request.
        for (const item of page.Items ?? []) {
          try {
            requests.push(fromItem(item));
          } catch (error) {
            this.onCorrupt(error);
          }
        }
        start = page.LastEvaluatedKey;
      } while (start && requests.length < limit);
    } catch (error) {
      throw toStoreError(error, 'Query');
    }
    // An index is eventually consistent: keep only what is still in the state asked for.
    return requests.filter((request) => request.state === state).slice(0, limit);
  }
}
