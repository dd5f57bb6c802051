import { paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toStoreError } from './store-errors';

/** A stored item as the document client returns it. */
export type Item = Record<string, unknown>;

/** One key condition, on the table or one of its indexes. */
export interface Query {
  IndexName?: string;
  KeyConditionExpression: string;
  ExpressionAttributeValues: Item;
  /** true (DynamoDB's default) reads in sort-key order, false against it. */
  ScanIndexForward?: boolean;
  ConsistentRead?: boolean;
  /** Items one Query reads at most (a page), not items in all. */
  Limit?: number;
}

/**
 * The pages of one query, in DynamoDB's own pagination (lib-dynamodb's paginateQuery), from `start`
 * on: a start key the caller built itself, never one taken from a click as it came. A failed Query
 * becomes a store error; the consumer's own errors pass through untouched.
 */
export async function* queryPages(
  doc: DynamoDBDocumentClient,
  tableName: string,
  query: Query,
  start?: Item,
): AsyncGenerator<Item[]> {
  const pages = paginateQuery({ client: doc, startingToken: start }, { TableName: tableName, ...query });
  for (;;) {
    let page;
    try {
      page = await pages.next();
    } catch (error) {
      throw toStoreError(error, 'Query');
    }
    if (page.done) return;
    yield page.value.Items ?? [];
  }
}

export interface ItemsRead<T> {
  /** An item as the caller wants it, or undefined to leave it out. Throws for an item it cannot read. */
  decode: (item: Item) => T | undefined;
  /**
   * Told of an item `decode` threw for; the read goes on without it, so one bad item never hides
   * the others. Without it such an item fails the whole read.
   */
  onCorrupt?: (error: unknown) => void;
  /** Where to start (see queryPages). */
  start?: Item;
  /**
   * Reading stops at the end of the page that brought this many decoded items; that page's items
   * are all returned, so a caller wanting exactly this many trims.
   */
  enough?: number;
}

/** The decoded items of one query, page by page. */
export async function queryItems<T>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  query: Query,
  read: ItemsRead<T>,
): Promise<T[]> {
  const found: T[] = [];
  const enough = read.enough ?? Number.POSITIVE_INFINITY;
  for await (const items of queryPages(doc, tableName, query, read.start)) {
    for (const item of items) {
      const decoded = decodeOrReport(item, read);
      if (decoded !== undefined) found.push(decoded);
    }
    if (found.length >= enough) break;
  }
  return found;
}

function decodeOrReport<T>(item: Item, read: ItemsRead<T>): T | undefined {
  if (!read.onCorrupt) return read.decode(item);
  try {
    return read.decode(item);
  } catch (error) {
    read.onCorrupt(error);
    return undefined;
  }
}

/** Every item of one partition, consistently read and decoded; a corrupt one is reported and left out. */
export function partitionItems<T>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  decode: (item: Item) => T | undefined,
  onCorrupt: (error: unknown) => void,
): Promise<T[]> {
  return queryItems(
    doc,
    tableName,
    { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true },
    { decode, onCorrupt },
  );
}
