import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import { DynamoKeyHolds } from '../../../../src/features/keys/store/dynamo-key-holds';
import type { OpenStore } from '../../../../src/platform/store/open-store';
import { loseNextAnswer } from '../../../support/dynamo-faults';
import { storeLanes } from '../../../support/store-lanes';

const AT = new Date('2026-11-23T09:00:00Z');
const ADMIN = 'U0ADMIN' as SlackUserId;
const OTHER_ADMIN = 'U0OTHER' as SlackUserId;
let serial = 0;
const newKeyId = () => `AKIAHOLDTEST${String(++serial).padStart(8, '0')}` as KeyId;
const hold = (keyId: KeyId, by = ADMIN, at = AT) => ({
  keyId,
  owner: 'alice' as IamUserName,
  account: 'prod',
  accountId: '111111111111',
  by,
  at,
});

describe.each(storeLanes())('DynamoKeyHolds on $name', (lane) => {
  let store: OpenStore;
  let holds: DynamoKeyHolds;

  beforeAll(async () => {
    store = await lane.open();
    holds = new DynamoKeyHolds(store.doc, store.tableName);
  });
  afterAll(async () => {
    await store.close();
    await lane.stop();
  });

  it('a placed hold reads back whole; a key without one reads undefined', async () => {
    const keyId = newKeyId();
    expect(await holds.get(keyId)).toBeUndefined();
    await holds.place(hold(keyId));
    expect(await holds.get(keyId)).toEqual(hold(keyId));
  });

  it('a hold in place is kept: a second admin does not replace the first responder', async () => {
    const keyId = newKeyId();
    await holds.place(hold(keyId));
    await holds.place(hold(keyId, OTHER_ADMIN, new Date(AT.getTime() + 60_000)));
    expect((await holds.get(keyId))?.by).toBe(ADMIN);
  });

  it('lifting: true once, false when nothing is held; a new hold may then be placed', async () => {
    const keyId = newKeyId();
    expect(await holds.lift(keyId, ADMIN, AT)).toBe(false);
    await holds.place(hold(keyId));
    expect(await holds.lift(keyId, ADMIN, AT)).toBe(true);
    expect(await holds.get(keyId)).toBeUndefined();
    expect(await holds.lift(keyId, ADMIN, AT)).toBe(false);
    await holds.place(hold(keyId, OTHER_ADMIN));
    expect((await holds.get(keyId))?.by).toBe(OTHER_ADMIN);
  });

  it('a placement whose answer was lost, sent again by the SDK, still leaves the hold in place', async () => {
    const keyId = newKeyId();
    const fault = loseNextAnswer(store.doc, 'PutItem');
    try {
      await holds.place(hold(keyId));
    } finally {
      fault.remove();
    }
    expect(fault.count()).toBe(2);
    expect(await holds.get(keyId)).toEqual(hold(keyId));
  });

  it('an item not written by Keywarden is refused when read (STORE_CORRUPT), not taken as "no hold"', async () => {
    const keyId = newKeyId();
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          pk: `HOLD#${keyId}`,
          sk: 'HOLD',
          type: 'hold',
          state: 'HELD',
          keyId,
          owner: 'alice',
          by: 'x',
        },
      }),
    );
    await expect(holds.get(keyId)).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
  });
});
