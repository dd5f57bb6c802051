import { DynamoRunClaims } from '../../../src/platform/store/dynamo-run-claims';
import type { OpenStore } from '../../../src/platform/store/open-store';
import { storeLanes } from '../../support/store-lanes';

const AT = new Date('2026-11-23T09:00:00Z');

describe.each(storeLanes())('DynamoRunClaims on $name', (lane) => {
  let store: OpenStore;
  let claims: DynamoRunClaims;

  beforeAll(async () => {
    store = await lane.open();
    claims = new DynamoRunClaims(store.doc, store.tableName);
  });
  afterAll(async () => {
    await store.close();
    await lane.stop();
  });

  it('lets exactly one of several simultaneous claimers have a run', async () => {
    const run = { report: '0.C0SECOPS', scheduledAt: AT };
    const results = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((replica) => claims.claim(run, replica, new Date())),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await claims.claim(run, 'late', new Date())).toBe(false);
  });

  it('keeps runs apart by entry and by scheduled time', async () => {
    const next = new Date(AT.getTime() + 7 * 86_400_000);
    expect(await claims.claim({ report: '1.C0OTHER', scheduledAt: AT }, 'a', new Date())).toBe(true);
    expect(await claims.claim({ report: '0.C0SECOPS', scheduledAt: next }, 'a', new Date())).toBe(true);
  });
});
