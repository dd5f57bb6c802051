import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoSnoozeStore } from '../../../../src/features/reports/store/dynamo-snooze-store';
import type { IamUserName, SlackUserId } from '../../../../src/kernel/types';
import type { OpenStore } from '../../../../src/platform/store/open-store';
import { storeLanes } from '../../../support/store-lanes';

const CREATED = new Date('2026-05-01T10:00:00Z');
const snooze = (owner: string, account: string, accountId?: string) => ({
  key: { account, ...(accountId ? { accountId } : {}), owner: owner as IamUserName, createdAt: CREATED },
  by: 'U0BOB' as SlackUserId,
  at: new Date('2026-12-01T09:00:00Z'),
  until: new Date('2026-12-31T09:00:00Z'),
  reason: 'the vendor rotates it',
});

describe.each(storeLanes())('DynamoSnoozeStore on $name', (lane) => {
  let store: OpenStore;
  let snoozes: DynamoSnoozeStore;

  beforeAll(async () => {
    store = await lane.open();
    snoozes = new DynamoSnoozeStore(store.doc, store.tableName, (error) => {
      throw error;
    });
  });
  afterAll(async () => {
    await store.close();
    await lane.stop();
  });

  it('reads an account’s snoozes under its id whatever its name, and those stored under its present name before', async () => {
    await snoozes.put(snooze('bob', 'prod', '111111111111'));
    // Stored by an earlier version: under the account's name, no id.
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          pk: 'SNOOZE#legacy',
          sk: 'legacy#carol#2026-05-01T10:00:00.000Z',
          type: 'snooze',
          account: 'legacy',
          owner: 'carol',
          keyCreatedAt: CREATED.toISOString(),
          by: 'U0BOB',
          at: '2026-11-01T09:00:00.000Z',
          until: '2026-12-31T09:00:00.000Z',
          reason: 'stored before ids',
        },
      }),
    );

    const renamed = await snoozes.forAccount({ name: 'legacy', id: '111111111111' });
    expect(
      renamed.map((found) => `${found.key.owner}:${found.key.accountId ?? found.key.account}`).sort(),
    ).toEqual(['bob:111111111111', 'carol:legacy']);
    // The name `prod` now means another account: nothing of the old one's.
    expect(await snoozes.forAccount({ name: 'prod', id: '222222222222' })).toEqual([]);
  });

  it('keeps the bot’s own account’s snoozes under its name, its id known or not', async () => {
    await snoozes.put(snooze('dave', 'home'));

    expect((await snoozes.forAccount({ name: 'home', own: true })).map((found) => found.key.owner)).toEqual([
      'dave',
    ]);
    expect(
      (await snoozes.forAccount({ name: 'home', id: '999999999999', own: true })).map(
        (found) => found.key.owner,
      ),
    ).toEqual(['dave']);
  });
});
