import { DynamoReportsPresence } from '../../../../src/features/reports/store/dynamo-reports-presence';
import type { OpenStore } from '../../../../src/platform/store/open-store';
import { storeLanes } from '../../../support/store-lanes';

describe.each(storeLanes())('DynamoReportsPresence on $name', (lane) => {
  let store: OpenStore;
  let presence: DynamoReportsPresence;

  beforeAll(async () => {
    store = await lane.open();
    presence = new DynamoReportsPresence(store.doc, store.tableName);
  });
  afterAll(async () => {
    await store.close();
    await lane.stop();
  });

  it('has no mark before the first, then the latest of every replica’s, never moved back', async () => {
    expect(await presence.last()).toBeUndefined();

    await presence.mark(new Date('2026-12-07T08:55:00Z'));
    await presence.mark(new Date('2026-12-07T08:56:00Z'));
    // A replica whose clock is behind marks too: the mark stays where the other put it.
    await presence.mark(new Date('2026-12-07T08:50:00Z'));

    expect(await presence.last()).toEqual(new Date('2026-12-07T08:56:00Z'));
  });
});
