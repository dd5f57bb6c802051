import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import { DynamoDeliveries } from '../../../../src/features/creation/store/dynamo-deliveries';
import type { OpenStore } from '../../../../src/platform/store/open-store';
import { loseNextAnswer } from '../../../support/dynamo-faults';
import { storeLanes } from '../../../support/store-lanes';

const AT = new Date('2026-11-23T09:00:00Z');
let serial = 0;
const newKeyId = () => `AKIADELIVERYTEST${String(++serial).padStart(4, '0')}` as KeyId;
const delivery = (keyId: KeyId) => ({
  keyId,
  owner: 'alice' as IamUserName,
  account: 'home',
  recipient: 'U0ALICE' as SlackUserId,
  createdAt: AT,
});

describe.each(storeLanes())('DynamoDeliveries on $name', (lane) => {
  let store: OpenStore;
  let deliveries: DynamoDeliveries;

  beforeAll(async () => {
    store = await lane.open();
    deliveries = new DynamoDeliveries(store.doc, store.tableName);
  });
  afterAll(async () => {
    await store.close();
    await lane.stop();
  });

  it('DELIVERING when begun, then settled once: a second settle of another outcome fails', async () => {
    const keyId = newKeyId();
    expect(await deliveries.get(keyId)).toBeUndefined();
    await deliveries.begin(delivery(keyId));
    expect(await deliveries.get(keyId)).toEqual({ ...delivery(keyId), state: 'DELIVERING' });
    const settledAt = new Date(AT.getTime() + 1_000);
    await deliveries.settle(keyId, 'DELIVERED', settledAt);
    expect(await deliveries.get(keyId)).toEqual({ ...delivery(keyId), state: 'DELIVERED', settledAt });
    await expect(deliveries.settle(keyId, 'NOT_DELIVERED', settledAt)).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    expect((await deliveries.get(keyId))?.state).toBe('DELIVERED');
  });

  it('a key is begun once; a settle without a record fails', async () => {
    const keyId = newKeyId();
    await deliveries.begin(delivery(keyId));
    await expect(
      deliveries.begin({ ...delivery(keyId), recipient: 'U0MALLORY' as SlackUserId }),
    ).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(deliveries.settle(newKeyId(), 'DELIVERED', AT)).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
  });

  it('writes whose answers were lost, sent again by the SDK, are recognised as done', async () => {
    const keyId = newKeyId();
    const put = loseNextAnswer(store.doc, 'PutItem');
    await deliveries.begin(delivery(keyId)).finally(() => put.remove());
    expect(put.count()).toBe(2);
    const update = loseNextAnswer(store.doc, 'UpdateItem');
    await deliveries.settle(keyId, 'DELIVERED', AT).finally(() => update.remove());
    expect(update.count()).toBe(2);
    expect((await deliveries.get(keyId))?.state).toBe('DELIVERED');
  });
});
