import type { AuditEvent } from '../../src/keys/ports/audit-log';
import type { IamUserName, KeyId, SlackUserId } from '../../src/keys/types';
import { DynamoAuditLog } from '../../src/store/dynamo-audit-log';
import type { OpenStore } from '../../src/store/open-store';
import { storeLanes } from '../support/store-lanes';

const NOW = new Date('2026-11-23T10:00:00Z');
const clock = { now: () => NOW };

const event = (minutesAgo: number, overrides: Partial<AuditEvent> = {}): AuditEvent => ({
  at: new Date(NOW.getTime() - minutesAgo * 60_000),
  actor: 'U0ADMIN' as SlackUserId,
  action: 'deactivate',
  outcome: 'ok',
  owner: 'alice' as IamUserName,
  keyId: 'AKIAAUDITKEY00000001' as KeyId,
  ...overrides,
});

describe.each(storeLanes())('DynamoAuditLog on $name', (lane) => {
  let store: OpenStore;
  let audit: DynamoAuditLog;

  beforeAll(async () => {
    store = await lane.open();
    audit = new DynamoAuditLog(store.doc, store.tableName, clock);
    await audit.record(event(30, { action: 'create', keyId: 'AKIAAUDITKEY00000002' as KeyId }));
    await audit.record(event(20));
    await audit.record(event(10, { owner: 'bob' as IamUserName, keyId: 'AKIAAUDITKEY00000003' as KeyId }));
    // Yesterday, in another day partition.
    await audit.record(event(24 * 60, { action: 'approve', outcome: 'refused', detail: 'self-approval' }));
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await lane.stop();
  });

  it('returns recent events newest first, across day partitions', async () => {
    const events = await audit.recent({ limit: 10 });
    expect(events.map((e) => e.at.getTime())).toEqual(
      [...events.map((e) => e.at.getTime())].sort((a, b) => b - a),
    );
    expect(events).toHaveLength(4);
    expect(events[3]).toMatchObject({ action: 'approve', outcome: 'refused', detail: 'self-approval' });
  });

  it('finds events by IAM user and by key', async () => {
    expect((await audit.recent({ owner: 'bob' as IamUserName, limit: 10 })).map((e) => e.keyId)).toEqual([
      'AKIAAUDITKEY00000003',
    ]);
    const byKey = await audit.recent({ keyId: 'AKIAAUDITKEY00000001' as KeyId, limit: 10 });
    expect(byKey.map((e) => e.action)).toEqual(['deactivate', 'approve']);
  });

  it('honours the limit', async () => {
    expect(await audit.recent({ limit: 2 })).toHaveLength(2);
  });
});
