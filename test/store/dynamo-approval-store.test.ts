import type { ApprovalRequest } from '../../src/keys/approvals/approval';
import { StaleTransitionError } from '../../src/keys/approvals/approval-store';
import type { IamUserName, KeyId, SlackUserId } from '../../src/keys/types';
import { DynamoApprovalStore } from '../../src/store/dynamo-approval-store';
import type { OpenStore } from '../../src/store/open-store';
import { storeLanes } from '../support/store-lanes';

const NOW = new Date('2026-11-23T10:00:00Z');

function pendingRequest(id: string, overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id,
    state: 'PENDING',
    keyId: 'AKIAEXAMPLEKEY000001' as KeyId,
    owner: 'alice' as IamUserName,
    requestedBy: 'U0ALICE' as SlackUserId,
    reason: 'leaked',
    createdAt: NOW,
    expiresAt: new Date(NOW.getTime() + 3_600_000),
    required: 1,
    approvals: [],
    history: [{ at: NOW, by: 'U0ALICE' as SlackUserId, state: 'PENDING' }],
    key: { status: 'Active', createdAt: new Date('2025-01-01T00:00:00Z') },
    version: 1,
    ...overrides,
  };
}

const approve = (by: string, at = NOW) => ({
  to: 'APPROVED' as const,
  entry: { at, by: by as SlackUserId, state: 'APPROVED' as const },
  addApproval: { by, at },
});

describe.each(storeLanes())('DynamoApprovalStore on $name', (lane) => {
  let store: OpenStore;
  let approvals: DynamoApprovalStore;

  beforeAll(async () => {
    store = await lane.open();
    approvals = new DynamoApprovalStore(store.doc, store.tableName);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await lane.stop();
  });

  it('stores a request and reads it back whole', async () => {
    const request = pendingRequest('r-roundtrip');
    await approvals.create(request);
    expect(await approvals.get('r-roundtrip')).toEqual(request);
  });

  it('refuses to create the same request twice', async () => {
    await approvals.create(pendingRequest('r-twice'));
    await expect(approvals.create(pendingRequest('r-twice', { reason: 'other' }))).rejects.toThrow();
    expect((await approvals.get('r-twice'))?.reason).toBe('leaked');
  });

  it('moves a request and appends its history in one write', async () => {
    await approvals.create(pendingRequest('r-move'));
    const request = (await approvals.get('r-move')) as ApprovalRequest;
    const moved = await approvals.transition(request, approve('U0APPROVER'));
    expect(moved).toMatchObject({ state: 'APPROVED', version: 2 });
    expect(moved.history.map((entry) => entry.state)).toEqual(['PENDING', 'APPROVED']);
    expect(moved.approvals).toEqual([{ by: 'U0APPROVER', at: NOW }]);
  });

  it('a second write from the same state fails and reports the current item', async () => {
    await approvals.create(pendingRequest('r-race'));
    const request = (await approvals.get('r-race')) as ApprovalRequest;
    await approvals.transition(request, approve('U0A'));
    const error = await approvals.transition(request, approve('U0B')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleTransitionError);
    expect((error as StaleTransitionError).current?.state).toBe('APPROVED');
    expect((await approvals.get('r-race'))?.approvals).toHaveLength(1);
  });

  it('an expired request cannot be approved, whatever TTL has done', async () => {
    await approvals.create(pendingRequest('r-expired', { expiresAt: new Date(NOW.getTime() - 1) }));
    const request = (await approvals.get('r-expired')) as ApprovalRequest;
    await expect(
      approvals.transition(request, approve('U0A'), { requireUnexpiredAt: NOW }),
    ).rejects.toBeInstanceOf(StaleTransitionError);
    expect((await approvals.get('r-expired'))?.state).toBe('PENDING');
  });

  it('lists open requests by state, and forgets them once final', async () => {
    await approvals.create(pendingRequest('r-open-1', { keyId: 'AKIAOPENKEY000000001' as KeyId }));
    const listed = await approvals.listByState('PENDING');
    expect(listed.map((request) => request.id)).toContain('r-open-1');
    const request = (await approvals.get('r-open-1')) as ApprovalRequest;
    await approvals.transition(request, {
      to: 'REJECTED',
      entry: { at: NOW, by: 'U0A' as SlackUserId, state: 'REJECTED' },
    });
    expect((await approvals.listByState('PENDING')).map((r) => r.id)).not.toContain('r-open-1');
    expect((await approvals.listByState('APPROVED')).map((r) => r.id)).not.toContain('r-open-1');
  });

  it('attaches the posted message without touching state or version', async () => {
    await approvals.create(pendingRequest('r-message'));
    await approvals.attachMessage('r-message', { channel: 'C0APPROVALS', ts: '1.000100' });
    expect(await approvals.get('r-message')).toMatchObject({
      message: { channel: 'C0APPROVALS', ts: '1.000100' },
      version: 1,
      state: 'PENDING',
    });
  });
});
