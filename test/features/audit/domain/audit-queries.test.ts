import { AUDIT_PAGE, AuditQueries } from '../../../../src/features/audit/domain/audit-queries';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import { actor, MemoryAuditLog, storeUnavailable } from '../../../support/fakes';

describe('AuditQueries: /keys audit', () => {
  const audit = new MemoryAuditLog();
  const queries = new AuditQueries(audit);
  beforeAll(async () => {
    for (let i = 0; i < AUDIT_PAGE + 5; i++) {
      await audit.record({
        at: new Date(Date.UTC(2026, 5, 15, 12, i)),
        actor: 'U0ADMIN' as SlackUserId,
        action: 'deactivate',
        outcome: 'ok',
        owner: (i % 2 ? 'alice' : 'bob') as IamUserName,
        keyId: `AKIAAUDIT${String(i).padStart(11, '0')}` as KeyId,
      });
    }
  });

  it('is for admins only', async () => {
    expect(await queries.recent(actor('U0APPROVER', { isApprover: true }))).toEqual({
      ok: false,
      refusal: { reason: 'not-allowed' },
    });
  });

  it('a page of the most recent events, about everyone, one IAM user or one key', async () => {
    const admin = actor('U0ADMIN', { isAdmin: true });
    const all = await queries.recent(admin);
    expect(all.ok && all.value).toHaveLength(AUDIT_PAGE);
    const alice = await queries.recent(admin, { owner: 'alice' as IamUserName });
    expect(alice.ok && alice.value.every((event) => event.owner === 'alice')).toBe(true);
    const one = await queries.recent(admin, { keyId: 'AKIAAUDIT00000000003' as KeyId });
    expect(one.ok && one.value.map((event) => event.keyId)).toEqual(['AKIAAUDIT00000000003']);
  });

  it('an unreadable trail is store-unavailable', async () => {
    audit.faults.fail('recent', storeUnavailable());
    expect(await queries.recent(actor('U0ADMIN', { isAdmin: true }))).toEqual({
      ok: false,
      refusal: { reason: 'store-unavailable' },
    });
  });
});
