import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PagePosition } from '../../../../src/kernel/page';
import { DynamoApprovalPages } from '../../../../src/features/approvals/store/dynamo-approval-pages';
import { DynamoApprovalStore } from '../../../../src/features/approvals/store/dynamo-approval-store';
import type { OpenStore } from '../../../../src/platform/store/open-store';
import { pendingRequest } from '../../../support/pages';
import { storeLanes } from '../../../support/store-lanes';

const NOW = new Date('2026-11-23T10:00:00Z');

describe.each(storeLanes())('DynamoApprovalPages on $name', (lane) => {
  let store: OpenStore;
  let pages: DynamoApprovalPages;
  const corrupt: unknown[] = [];
  const keys: string[] = [];

  beforeAll(async () => {
    store = await lane.open();
    pages = new DynamoApprovalPages(store.doc, store.tableName, (error) => corrupt.push(error));
    const approvals = new DynamoApprovalStore(store.doc, store.tableName);
    for (let i = 0; i < 7; i++) {
      const request = pendingRequest(i, { now: NOW, requestedBy: 'U0BOB', minutesAgo: 70 - i * 10 });
      keys.push(request.keyId);
      await approvals.create(request);
    }
    // An item in the index Keywarden could not have written: left out, never counted.
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          pk: 'REQ#junk',
          sk: 'REQ',
          type: 'approval',
          gsi1pk: 'APPROVAL#PENDING',
          gsi1sk: `${NOW.toISOString()}#junk`,
        },
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await lane.stop();
  });

  it('slices oldest first, on from a position, and back from it, skipping what does not decode', async () => {
    const first = await pages.slice('PENDING', 'forward', undefined, 3);
    expect(first.map((p) => p.item.keyId)).toEqual(keys.slice(0, 3));
    const rest = await pages.slice('PENDING', 'forward', first[2]?.position, 10);
    expect(rest.map((p) => p.item.keyId)).toEqual(keys.slice(3));
    expect(corrupt.length).toBeGreaterThan(0);
    const back = await pages.slice('PENDING', 'backward', rest[0]?.position, 10);
    expect(back.map((p) => p.item.keyId)).toEqual(keys.slice(0, 3).reverse());
  });

  it('a position only moves within the state asked for', async () => {
    const [oldest] = await pages.slice('PENDING', 'forward', undefined, 1);
    expect(await pages.slice('APPROVED', 'backward', oldest?.position, 10)).toEqual([]);
    await expect(pages.slice('PENDING', 'forward', 'REQ#x' as PagePosition, 1)).rejects.toThrow(
      'not a page position',
    );
  });
});
