import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { ApprovalRequest, MessageRef } from '../keys/approvals/approval';
import {
  StaleTransitionError,
  type ApprovalStore,
  type TransitionChange,
} from '../keys/approvals/approval-store';
import { fromItem, historyItem, openIndex, requestKey, toItem } from './approval-items';
import { isConditionFailure, toStoreError } from './store-errors';

export class DynamoApprovalStore implements ApprovalStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
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
   * that the request has not expired), and the history entry is appended in the same write.
   */
  async transition(
    request: ApprovalRequest,
    change: TransitionChange,
    options: { requireUnexpiredAt?: Date } = {},
  ): Promise<ApprovalRequest> {
    const names: Record<string, string> = { '#state': 'state', '#version': 'version', '#history': 'history' };
    const values: Record<string, unknown> = {
      ':from': request.state,
      ':to': change.to,
      ':version': request.version,
      ':next': request.version + 1,
      ':entry': [historyItem(change.entry)],
    };
    const sets = ['#state = :to', '#version = :next', '#history = list_append(#history, :entry)'];
    const removes: string[] = [];
    const conditions = ['#state = :from', '#version = :version'];
    if (change.addApproval) {
      names['#approvals'] = 'approvals';
      values[':approval'] = [{ by: change.addApproval.by, at: change.addApproval.at.toISOString() }];
      sets.push('#approvals = list_append(#approvals, :approval)');
    }
    if (change.outcome !== undefined) {
      names['#outcome'] = 'outcome';
      values[':outcome'] = change.outcome;
      sets.push('#outcome = :outcome');
    }
    const index = openIndex(change.to, request.createdAt, request.id);
    if (index) {
      values[':gsi1pk'] = index.gsi1pk;
      values[':gsi1sk'] = index.gsi1sk;
      sets.push('gsi1pk = :gsi1pk', 'gsi1sk = :gsi1sk');
    } else {
      removes.push('gsi1pk', 'gsi1sk');
    }
    if (options.requireUnexpiredAt) {
      // ISO-8601 UTC strings of one format order as the instants they name.
      names['#expiresAt'] = 'expiresAt';
      values[':now'] = options.requireUnexpiredAt.toISOString();
      conditions.push('#expiresAt > :now');
    }
    const update = `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`;
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestKey(request.id),
          UpdateExpression: update,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return fromItem(Attributes as Record<string, unknown>);
    } catch (error) {
      if (isConditionFailure(error)) {
        // dynalite ignores ReturnValuesOnConditionCheckFailure, so read again to say why.
        throw new StaleTransitionError(request.id, await this.get(request.id), { cause: error });
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

  async listByState(state: 'PENDING' | 'APPROVED', limit = 200): Promise<ApprovalRequest[]> {
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
        requests.push(...(page.Items ?? []).map(fromItem));
        start = page.LastEvaluatedKey;
      } while (start && requests.length < limit);
    } catch (error) {
      throw toStoreError(error, 'Query');
    }
    // An index is eventually consistent: keep only what is still in the state asked for.
    return requests.filter((request) => request.state === state).slice(0, limit);
  }
}
