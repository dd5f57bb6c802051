import type { AuditEvent } from '../../../../src/kernel/ports/audit-log';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import {
  MAX_REASON_CHARS,
  ocsfAccountChange,
} from '../../../../src/features/audit/domain/ocsf-account-change';
import { StreamedAuditLog } from '../../../../src/features/audit/domain/streamed-audit-log';
import type { OcsfAccountChange } from '../../../../src/features/audit/domain/ocsf-account-change';

const AT = new Date('2026-12-01T09:30:00.000Z');
const CONTEXT = { uid: 'e1', productVersion: '1.2.3', accountId: '111111111111' };

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    at: AT,
    actor: 'U0ALICE' as SlackUserId,
    action: 'deactivate',
    outcome: 'ok',
    owner: 'alice' as IamUserName,
    account: 'prod',
    keyId: 'AKIAALICEKEY00000001' as KeyId,
    ...overrides,
  };
}

describe('an audit event as an OCSF Account Change event', () => {
  it('names the class, the actor, the IAM user and key, the account, the time and the product', () => {
    expect(ocsfAccountChange(event(), CONTEXT)).toEqual({
      class_uid: 3001,
      class_name: 'Account Change',
      category_uid: 3,
      category_name: 'Identity & Access Management',
      activity_id: 5,
      activity_name: 'Disable',
      type_uid: 300105,
      type_name: 'Account Change: Disable',
      severity_id: 1,
      severity: 'Informational',
      status_id: 1,
      status: 'Success',
      status_code: 'ok',
      time: AT.getTime(),
      message: 'keywarden deactivate: ok',
      actor: { user: { uid: 'U0ALICE', type_id: 1, type: 'User' }, app_name: 'Keywarden' },
      user: {
        name: 'alice',
        credential_uid: 'AKIAALICEKEY00000001',
        account: { uid: '111111111111', name: 'prod', type_id: 10, type: 'AWS Account' },
      },
      cloud: {
        provider: 'AWS',
        account: { uid: '111111111111', name: 'prod', type_id: 10, type: 'AWS Account' },
      },
      metadata: {
        version: '1.1.0',
        uid: 'e1',
        log_name: 'keywarden-audit',
        product: { name: 'Keywarden', vendor_name: 'Keywarden', version: '1.2.3' },
      },
      unmapped: { action: 'deactivate' },
    });
  });

  it.each([
    ['create', 'ok', 1],
    ['activate', 'ok', 2],
    ['deactivate', 'failed', 5],
    ['delete', 'ok', 6],
    ['approve', 'ok', 99],
    ['request-deletion', 'ok', 99],
    ['reject', 'ok', 99],
    ['rotate', 'ok', 99],
    ['create', 'refused', 99],
    ['delete', 'refused', 99],
  ] as const)('maps %s (%s) to activity %i', (action, outcome, activity) => {
    const mapped = ocsfAccountChange(event({ action, outcome }), CONTEXT);
    expect(mapped.activity_id).toBe(activity);
    expect(mapped.type_uid).toBe(300100 + activity);
    expect(mapped.status_id).toBe(outcome === 'ok' ? 1 : 2);
    expect(mapped.status).toBe(outcome === 'ok' ? 'Success' : 'Failure');
  });

  it('gives a refusal its reason, and a deletion its request id', () => {
    const mapped = ocsfAccountChange(
      event({ action: 'approve', outcome: 'refused', detail: 'self-approval', requestId: 'req-1' }),
      CONTEXT,
    );
    expect(mapped).toMatchObject({
      status: 'Failure',
      status_code: 'refused',
      status_detail: 'self-approval',
      metadata: { correlation_uid: 'req-1' },
      unmapped: { action: 'approve', request_id: 'req-1' },
    });
  });

  it('bounds a reason, and names sweeps and schedules as the system', () => {
    const mapped = ocsfAccountChange(
      event({ actor: 'system', action: 'expire', detail: 'x'.repeat(5_000) }),
      CONTEXT,
    );
    expect(mapped.status_detail).toHaveLength(MAX_REASON_CHARS);
    expect(mapped.actor.user).toEqual({ uid: 'system', type_id: 3, type: 'System' });
  });

  it('leaves out what it does not know: no account id, no user', () => {
    const mapped = ocsfAccountChange(
      { at: AT, actor: 'U0ADMIN' as SlackUserId, action: 'export', outcome: 'ok', account: 'default' },
      { uid: 'e2', productVersion: '1.2.3' },
    );
    expect(mapped.cloud).toEqual({
      provider: 'AWS',
      account: { name: 'default', type_id: 10, type: 'AWS Account' },
    });
    expect(mapped).not.toHaveProperty('user');
  });
});

describe('the streamed audit log', () => {
  it('copies each event to the stream before the trail has it, and still records it when the trail fails', async () => {
    const order: string[] = [];
    const published: OcsfAccountChange[] = [];
    const trail = {
      record: jest.fn(async () => {
        order.push('trail');
        throw new Error('store down');
      }),
      recent: jest.fn(async () => []),
    };
    const log = new StreamedAuditLog(
      trail,
      {
        publish: (e) => {
          order.push('stream');
          published.push(e);
        },
      },
      { productVersion: '1.2.3', accountIdOf: (name) => (name === 'prod' ? '111111111111' : undefined) },
    );
    await expect(log.record(event())).rejects.toThrow('store down');
    expect(order).toEqual(['stream', 'trail']);
    expect(published[0]?.cloud.account?.uid).toBe('111111111111');
    expect(published[0]?.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    await log.recent({ limit: 5 });
    expect(trail.recent).toHaveBeenCalledWith({ limit: 5 });
  });
});
