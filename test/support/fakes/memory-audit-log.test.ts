import type { AuditEvent } from '../../../src/kernel/ports/audit-log';
import type { IamUserName, KeyId, SlackUserId } from '../../../src/kernel/types';
import { MemoryAuditLog } from './memory-audit-log';

const at = (minute: number) => new Date(Date.UTC(2026, 5, 15, 12, minute));
const event = (minute: number, overrides: Partial<AuditEvent> = {}): AuditEvent => ({
  at: at(minute),
  actor: 'U0ADMIN' as SlackUserId,
  action: 'deactivate',
  outcome: 'ok',
  owner: 'alice' as IamUserName,
  keyId: 'AKIAAUDITKEY00000001' as KeyId,
  ...overrides,
});

describe('MemoryAuditLog answers recent() as DynamoAuditLog does', () => {
  const audit = new MemoryAuditLog();
  beforeAll(async () => {
    await audit.record(event(1, { action: 'create' }));
    await audit.record(event(3, { owner: 'bob' as IamUserName, keyId: 'AKIAAUDITKEY00000002' as KeyId }));
    await audit.record(event(2, { action: 'activate', owner: 'Alice' as IamUserName }));
    await audit.record(event(2, { action: 'rollback' }));
  });

  it('most recent first; of one instant, the later record first; at most `limit`', async () => {
    const events = await audit.recent({ limit: 3 });
    expect(events.map((e) => e.action)).toEqual(['deactivate', 'rollback', 'activate']);
  });

  it('by key; by owner, whatever its case', async () => {
    expect(await audit.recent({ keyId: 'AKIAAUDITKEY00000002' as KeyId, limit: 10 })).toHaveLength(1);
    const alice = await audit.recent({ owner: 'ALICE' as IamUserName, limit: 10 });
    expect(alice.map((e) => e.action)).toEqual(['rollback', 'activate', 'create']);
  });

  it('fails on demand, as an unreachable table does', async () => {
    audit.faults.fail('recent');
    await expect(audit.recent({ limit: 1 })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(audit.summary()).toEqual(['create:ok', 'deactivate:ok', 'activate:ok', 'rollback:ok']);
  });
});
