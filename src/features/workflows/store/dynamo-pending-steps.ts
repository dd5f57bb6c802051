import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PendingStep, PendingSteps } from '../domain/ports/pending-steps';
import { decodeStep } from './item-schemas';
import { queryItems } from '../../../platform/store/paging';
import { isConditionFailure, toStoreError } from '../../../platform/store/store-errors';
import { TTL_ATTRIBUTE } from '../../../platform/store/table';

const stepKey = (requestId: string) => ({ pk: `STEP#${requestId}`, sk: 'STEP' });
const WAITING_INDEX = 'STEP#WAITING';
/** As long as its request is kept (expiry + 400 days): what the audit trail may point at. */
const KEEP_SECONDS = 401 * 24 * 3600;

/**
 * One item per waiting run, keyed by its request's id (docs/store.md). While it waits it is in the sparse
 * index gsi1 (`STEP#WAITING`), so the sweep lists waiting runs without a scan; closing it leaves the index.
 */
export class DynamoPendingSteps implements PendingSteps {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly onCorrupt: (error: unknown) => void,
  ) {}

  async add(step: PendingStep): Promise<void> {
    const createdAt = step.createdAt.toISOString();
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...stepKey(step.requestId),
            type: 'workflow-step',
            state: 'WAITING',
            requestId: step.requestId,
            executionId: step.executionId,
            requestedBy: step.requestedBy,
            createdAt,
            gsi1pk: WAITING_INDEX,
            gsi1sk: `${createdAt}#${step.requestId}`,
            [TTL_ATTRIBUTE]: Math.floor(step.createdAt.getTime() / 1000) + KEEP_SECONDS,
          },
          // A request has one run; a lost answer's repeat finds the very same run, which is what was wanted.
          ConditionExpression: 'attribute_not_exists(pk) OR executionId = :execution',
          ExpressionAttributeValues: { ':execution': step.executionId },
        }),
      );
    } catch (error) {
      throw toStoreError(error, 'PutItem');
    }
  }

  async waitingOn(requestId: string): Promise<PendingStep | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: stepKey(requestId), ConsistentRead: true }),
      ));
    } catch (error) {
      throw toStoreError(error, 'GetItem');
    }
    if (!item) return undefined;
    const { state, ...step } = decodeStep(item);
    return state === 'WAITING' ? step : undefined;
  }

  async waiting(limit = 200): Promise<PendingStep[]> {
    const steps = await queryItems(
      this.doc,
      this.tableName,
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': WAITING_INDEX },
      },
      { decode: decodeStep, onCorrupt: this.onCorrupt, enough: limit },
    );
    // An index is eventually consistent: keep only what is still waiting.
    return steps
      .filter((step) => step.state === 'WAITING')
      .slice(0, limit)
      .map(({ state: _state, ...step }) => step);
  }

  async close(requestId: string, outcome: string, at: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: stepKey(requestId),
          UpdateExpression: 'SET #state = :done, outcome = :outcome, closedAt = :at REMOVE gsi1pk, gsi1sk',
          ConditionExpression: '#state = :waiting',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':done': 'DONE',
            ':waiting': 'WAITING',
            ':outcome': outcome,
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
