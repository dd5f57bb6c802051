import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { KeywardenError } from '../../../src/kernel/errors';
import type { OpenStore } from '../../../src/platform/store/open-store';
import { partitionItems, queryItems, queryPages, type Item } from '../../../src/platform/store/paging';
import { storeLanes } from '../../support/store-lanes';

const PK = 'PAGING#test';
const byPk = { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PK } };

function decodeNumber(item: Item): number {
  if (typeof item.n !== 'number') throw new Error(`item ${String(item.sk)} has no number`);
  return item.n;
}

describe.each(storeLanes())('store paging on $name', (lane) => {
  let store: OpenStore;

  beforeAll(async () => {
    store = await lane.open();
    // sk 00..09 with n = 0..9, and one item no decoder can read in the middle.
    for (let n = 0; n < 10; n++) {
      await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { pk: PK, sk: `0${n}`, n } }));
    }
    await store.doc.send(
      new PutCommand({ TableName: store.tableName, Item: { pk: PK, sk: '04x', n: 'bad' } }),
    );
  });
  afterAll(async () => {
    await store.close();
    await lane.stop();
  });

  it('reads a query page by page, Limit items a page, until DynamoDB says it is done', async () => {
    const pages: Item[][] = [];
    for await (const page of queryPages(store.doc, store.tableName, { ...byPk, Limit: 4 })) pages.push(page);
    expect(pages.map((page) => page.length)).toEqual([4, 4, 3]);
    expect(pages.flat().map((item) => item.sk)).toEqual([
      '00',
      '01',
      '02',
      '03',
      '04',
      '04x',
      '05',
      '06',
      '07',
      '08',
      '09',
    ]);
  });

  it('starts after the start key the caller built, in either order', async () => {
    const start = { pk: PK, sk: '06' };
    const forward = await queryItems(store.doc, store.tableName, byPk, { decode: (item) => item.sk, start });
    expect(forward).toEqual(['07', '08', '09']);
    const backward = await queryItems(
      store.doc,
      store.tableName,
      { ...byPk, ScanIndexForward: false },
      { decode: (item) => item.sk, start },
    );
    expect(backward).toEqual(['05', '04x', '04', '03', '02', '01', '00']);
  });

  it('reports a corrupt item and goes on without it', async () => {
    const corrupt: unknown[] = [];
    const numbers = await queryItems(store.doc, store.tableName, byPk, {
      decode: decodeNumber,
      onCorrupt: (error) => corrupt.push(error),
    });
    expect(numbers).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(corrupt).toEqual([new Error('item 04x has no number')]);
  });

  it('fails the read on a corrupt item when nobody is told of one', async () => {
    await expect(queryItems(store.doc, store.tableName, byPk, { decode: decodeNumber })).rejects.toThrow(
      'item 04x has no number',
    );
  });

  it('leaves out what decode declines', async () => {
    const even = await queryItems(store.doc, store.tableName, byPk, {
      decode: (item) => (typeof item.n === 'number' && item.n % 2 === 0 ? item.n : undefined),
    });
    expect(even).toEqual([0, 2, 4, 6, 8]);
  });

  it('stops at the end of the page that brought enough items, and returns that whole page', async () => {
    const queried: number[] = [];
    const numbers = await queryItems(
      store.doc,
      store.tableName,
      { ...byPk, Limit: 3 },
      {
        decode: (item) => {
          queried.push(0);
          return typeof item.n === 'number' ? item.n : undefined;
        },
        enough: 4,
      },
    );
    // Pages of 3: 00 01 02 | 03 04 04x (04x declined): five decoded, 4 reached, no third page read.
    expect(numbers).toEqual([0, 1, 2, 3, 4]);
    expect(queried).toHaveLength(6);
  });

  it('reads a whole partition consistently through partitionItems', async () => {
    const corrupt: unknown[] = [];
    expect(
      await partitionItems(store.doc, store.tableName, PK, decodeNumber, (e) => corrupt.push(e)),
    ).toHaveLength(10);
    expect(corrupt).toHaveLength(1);
  });

  it('turns a failed Query into a store error', async () => {
    const pages = queryPages(store.doc, 'no-such-table', byPk);
    await expect(pages.next()).rejects.toEqual(expect.any(KeywardenError));
    await expect(
      queryItems(store.doc, 'no-such-table', byPk, { decode: (item) => item }),
    ).rejects.toMatchObject({ code: 'STORE_TABLE_MISSING' });
  });
});
