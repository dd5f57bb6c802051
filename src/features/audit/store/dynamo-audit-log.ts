import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  AuditEvent,
  AuditLog,
  AuditQuery,
  AuditReader,
  AuditScope,
} from '../../../kernel/ports/audit-log';
import { asPagePosition, positionInstant, type PagePosition, type Positioned } from '../../../kernel/page';
import { DAY_MS, type Clock } from '../../../kernel/types';
import { KeywardenError } from '../../../kernel/errors';
import { TTL_ATTRIBUTE } from '../../../platform/store/table';
import { toStoreError } from '../../../platform/store/store-errors';
import { queryItems, queryPages } from '../../../platform/store/paging';

const KEEP_SECONDS = 400 * 24 * 3600;
/** `/keys audit` with no filter looks back this many days, a day partition per query. */
const LOOKBACK_DAYS = 30;
/** Items a Query reads at a time for an export: one page in memory, whatever the period. */
const EXPORT_PAGE = 500;

type Item = Record<string, unknown>;

/**
 * Audit events, one item each, partitioned by day for "recent", and indexed by IAM user (gsi1)
 * and by key (gsi2) for `/keys audit USER|KEY_ID`.
 */
export class DynamoAuditLog implements AuditLog, AuditReader {
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
        const partition = new Date(today - day * DAY_MS).toISOString().slice(0, 10);
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

  async slice(
    scope: AuditScope,
    order: 'forward' | 'backward',
    from: PagePosition | undefined,
    limit: number,
  ): Promise<Positioned<AuditEvent>[]> {
    checkPosition(from);
    try {
      if ('all' in scope) return await this.sliceOfDays(order, from, limit);
      const [index, partition] =
        'keyId' in scope
          ? (['gsi2', `AUDIT#KEY#${scope.keyId}`] as const)
          : (['gsi1', ownerPartition(scope.owner)] as const);
      // The start key is built here from the trail asked for: a position can only move within it.
      const start = from && {
        pk: dayPartition(from),
        sk: from,
        [`${index}pk`]: partition,
        [`${index}sk`]: from,
      };
      return await this.collect(
        {
          IndexName: index,
          KeyConditionExpression: `${index}pk = :pk`,
          ExpressionAttributeValues: { ':pk': partition },
        },
        order,
        start,
        limit,
      );
    } catch (error) {
      throw toStoreError(error, 'Query');
    }
  }

  async *since(since: Date): AsyncIterable<AuditEvent[]> {
    const from = since.toISOString();
    const today = this.clock.now().toISOString().slice(0, 10);
    for (let day = from.slice(0, 10); day <= today; day = nextDay(day)) {
      const pages = queryPages(this.doc, this.tableName, {
        KeyConditionExpression: 'pk = :pk AND sk >= :from',
        ExpressionAttributeValues: { ':pk': `AUDIT#${day}`, ':from': from },
        Limit: EXPORT_PAGE,
      });
      for await (const items of pages) if (items.length > 0) yield items.map(fromItem);
    }
  }

  /** The day partitions, from the position's day (or today) towards the past or the present. */
  private async sliceOfDays(
    order: 'forward' | 'backward',
    from: PagePosition | undefined,
    limit: number,
  ): Promise<Positioned<AuditEvent>[]> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const oldest = new Date(Date.parse(today) - (LOOKBACK_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
    const fromDay = from && positionInstant(from).slice(0, 10);
    // A position outside the window (a forged one) starts at the window's edge, never a day beyond it.
    let day: string;
    let start: Item | undefined;
    if (order === 'forward') {
      if (fromDay !== undefined && fromDay < oldest) return [];
      const inWindow = fromDay !== undefined && fromDay <= today;
      day = inWindow ? fromDay : today;
      start = inWindow && from ? { pk: `AUDIT#${day}`, sk: from } : undefined;
    } else {
      if (fromDay !== undefined && fromDay > today) return [];
      const inWindow = fromDay !== undefined && fromDay >= oldest;
      day = inWindow ? fromDay : oldest;
      start = inWindow && from ? { pk: `AUDIT#${day}`, sk: from } : undefined;
    }
    const found: Positioned<AuditEvent>[] = [];
    while (found.length < limit && day >= oldest && day <= today) {
      const partition = `AUDIT#${day}`;
      found.push(
        ...(await this.collect(
          { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partition } },
          order,
          start,
          limit - found.length,
        )),
      );
      start = undefined;
      day = order === 'forward' ? previousDay(day) : nextDay(day);
    }
    return found;
  }

  /** One key condition read with DynamoDB's own pagination until `limit` items or its end. */
  private async collect(
    query: { IndexName?: string; KeyConditionExpression: string; ExpressionAttributeValues: Item },
    order: 'forward' | 'backward',
    start: Item | undefined,
    limit: number,
  ): Promise<Positioned<AuditEvent>[]> {
    const found = await queryItems(
      this.doc,
      this.tableName,
      { ...query, ScanIndexForward: order === 'backward', Limit: limit },
      // No onCorrupt: an event Keywarden did not write fails the read (positionOf).
      { decode: (item) => ({ item: fromItem(item), position: positionOf(item) }), start, enough: limit },
    );
    return found.slice(0, limit);
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

function positionOf(item: Item): PagePosition {
  const position = asPagePosition(String(item.sk));
  if (!position)
    throw new KeywardenError('STORE_CORRUPT', 'an audit item has a sort key Keywarden does not write');
  return position;
}

/** Positions reach the store from people's clicks: only a well-formed one becomes part of a start key. */
function checkPosition(position: PagePosition | undefined): void {
  if (position !== undefined && asPagePosition(position) === undefined) {
    throw new KeywardenError('UNEXPECTED', 'not a page position');
  }
}

function dayPartition(position: PagePosition): string {
  return `AUDIT#${positionInstant(position).slice(0, 10)}`;
}

function nextDay(day: string): string {
  return new Date(Date.parse(day) + DAY_MS).toISOString().slice(0, 10);
}

function previousDay(day: string): string {
  return new Date(Date.parse(day) - DAY_MS).toISOString().slice(0, 10);
}

/** IAM user names ignore case, so `alice` and `ALICE` share one audit trail. */
function ownerPartition(owner: string): string {
  return `AUDIT#OWNER#${owner.toLowerCase()}`;
}
