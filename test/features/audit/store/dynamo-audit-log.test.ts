import type { AuditEvent } from '../../../../src/kernel/ports/audit-log';
import type { PagePosition } from '../../../../src/kernel/page';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import { DynamoAuditLog } from '../../../../src/features/audit/store/dynamo-audit-log';
import type { OpenStore } from '../../../../src/platform/store/open-store';
import { storeLanes } from '../../../support/store-lanes';

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

  it('slices the day partitions newest first from a position, and back from it oldest first', async () => {
    const all = await audit.slice({ all: true }, 'forward', undefined, 10);
    expect(all.map((p) => p.item.at.getTime())).toEqual(
      (await audit.recent({ limit: 10 })).map((e) => e.at.getTime()),
    );
    const [, second, third] = all;
    const after = await audit.slice({ all: true }, 'forward', second?.position, 10);
    expect(after.map((p) => p.position)).toEqual(all.slice(2).map((p) => p.position));
    const before = await audit.slice({ all: true }, 'backward', third?.position, 10);
    expect(before.map((p) => p.position)).toEqual([second?.position, all[0]?.position]);
  });

  it("keeps a position inside the trail asked for: bob's position in alice's index reads alice's events", async () => {
    const [bobs] = await audit.slice({ owner: 'bob' as IamUserName }, 'forward', undefined, 1);
    const alices = await audit.slice({ owner: 'alice' as IamUserName }, 'forward', bobs?.position, 10);
    expect(alices.length).toBeGreaterThan(0);
    expect(alices.every((p) => p.item.owner === 'alice')).toBe(true);
  });

  it('a position outside the look-back window reads nothing beyond it', async () => {
    const old = '2001-01-01T00:00:00.000Z#00000000-0000-0000-0000-000000000000' as PagePosition;
    expect(await audit.slice({ all: true }, 'forward', old, 10)).toEqual([]);
    const future = '2999-01-01T00:00:00.000Z#00000000-0000-0000-0000-000000000000' as PagePosition;
    expect(await audit.slice({ all: true }, 'backward', future, 10)).toEqual([]);
    expect(await audit.slice({ all: true }, 'forward', future, 10)).toHaveLength(4);
  });

  it('since: every event of the period, oldest first, across day partitions', async () => {
    const pages: AuditEvent[][] = [];
    for await (const page of audit.since(new Date(NOW.getTime() - 2 * 86_400_000))) pages.push(page);
    const events = pages.flat();
    expect(events).toHaveLength(4);
    expect(events[0]).toMatchObject({ action: 'approve', outcome: 'refused' });
    const sinceHalfAnHour = [];
    for await (const page of audit.since(new Date(NOW.getTime() - 25 * 60_000)))
      sinceHalfAnHour.push(...page);
    expect(sinceHalfAnHour.map((e) => e.at.getTime())).toEqual([
      NOW.getTime() - 20 * 60_000,
      NOW.getTime() - 10 * 60_000,
    ]);
  });

  it('honours the limit', async () => {
    expect(await audit.recent({ limit: 2 })).toHaveLength(2);
  });
});
