import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, AuditLog, AuditQuery } from '../keys/ports/audit-log';
import type { Clock } from '../keys/types';
import { TTL_ATTRIBUTE } from './table';
import { toStoreError } from './store-errors';

const KEEP_SECONDS = 400 * 24 * 3600;
/** `/keys audit` with no filter looks back this many days, a day partition per query. */
const LOOKBACK_DAYS = 30;

/**
 * Audit events, one item each, partitioned by day for "recent", and indexed by IAM user (gsi1)
 * and by key (gsi2) for `/keys audit USER|KEY_ID`.
 */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async record(event: AuditEvent): Promise<void> {
    const at = event.at.toISOString();
    const sk = `${at}#${randomUUID()}`;
    const item: Record<string, unknown> = {
      pk: `AUDIT#${at.slice(0, 10)}`,
      sk,
      type: 'audit',
      at,
      actor: event.actor,
      action: event.action,
      outcome: event.outcome,
      owner: event.owner,
      account: event.account,
      keyId: event.keyId,
      requestId: event.requestId,
      detail: event.detail,
      [TTL_ATTRIBUTE]: Math.floor(event.at.getTime() / 1000) + KEEP_SECONDS,
    };
    if (event.owner) Object.assign(item, { gsi1pk: ownerPartition(event.owner), gsi1sk: sk });
    if (event.keyId) Object.assign(item, { gsi2pk: `AUDIT#KEY#${event.keyId}`, gsi2sk: sk });
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item }));
    } catch (error) {
      throw toStoreError(error, 'PutItem');
    }
  }

  async recent(query: AuditQuery): Promise<AuditEvent[]> {
    try {
      if (query.keyId) return await this.queryIndex('gsi2', `AUDIT#KEY#${query.keyId}`, query.limit);
      if (query.owner) return await this.queryIndex('gsi1', ownerPartition(query.owner), query.limit);
      const events: AuditEvent[] = [];
      const today = this.clock.now().getTime();
      for (let day = 0; day < LOOKBACK_DAYS && events.length < query.limit; day++) {
        const partition = new Date(today - day * 86_400_000).toISOString().slice(0, 10);
        const { Items } = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `AUDIT#${partition}` },
            ScanIndexForward: false,
            Limit: query.limit - events.length,
          }),
        );
        events.push(...(Items ?? []).map(fromItem));
      }
      return events;
    } catch (error) {
      throw toStoreError(error, 'Query');
    }
  }

  private async queryIndex(index: 'gsi1' | 'gsi2', pk: string, limit: number): Promise<AuditEvent[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk`,
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map(fromItem);
  }
}

function fromItem(item: Record<string, unknown>): AuditEvent {
  return {
    at: new Date(String(item.at)),
    actor: item.actor as AuditEvent['actor'],
    action: item.action as AuditEvent['action'],
    outcome: item.outcome as AuditEvent['outcome'],
    owner: item.owner as AuditEvent['owner'],
    account: item.account as string | undefined,
    keyId: item.keyId as AuditEvent['keyId'],
    requestId: item.requestId as string | undefined,
    detail: item.detail as string | undefined,
  };
}

/** IAM user names ignore case, so `alice` and `ALICE` share one audit trail. */
function ownerPartition(owner: string): string {
  return `AUDIT#OWNER#${owner.toLowerCase()}`;
}
