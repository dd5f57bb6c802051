import type { ApprovalRequest, ExecutionLease } from '../../../../src/features/approvals/domain/approval';
import { StaleTransitionError } from '../../../../src/features/approvals/domain/ports/approval-store';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import { DynamoApprovalStore } from '../../../../src/features/approvals/store/dynamo-approval-store';
import type { OpenStore } from '../../../../src/platform/store/open-store';
import { loseNextAnswer } from '../../../support/dynamo-faults';
import { storeLanes } from '../../../support/store-lanes';

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
  it('a write whose answer was lost and that the SDK sent again is that write succeeding, not a lost race', async () => {
    await approvals.create(pendingRequest('r-lost-answer'));
    const request = (await approvals.get('r-lost-answer')) as ApprovalRequest;
    const fault = loseNextAnswer(store.doc, 'UpdateItem');
    try {
      const moved = await approvals.transition(request, approve('U0APPROVER'));
      expect(fault.count()).toBe(2);
      expect(moved).toMatchObject({ state: 'APPROVED', version: 2 });
      expect(moved.approvals).toHaveLength(1);
    } finally {
      fault.remove();
    }
    // Another writer's write from the same state is still a lost race.
    await expect(approvals.transition(request, approve('U0OTHER'))).rejects.toBeInstanceOf(
      StaleTransitionError,
    );
  });

  it('a create whose answer was lost and that the SDK sent again is one create', async () => {
    const fault = loseNextAnswer(store.doc, 'PutItem');
    try {
      await approvals.create(pendingRequest('r-lost-create'));
      expect(fault.count()).toBe(2);
    } finally {
      fault.remove();
    }
    expect(await approvals.get('r-lost-create')).toMatchObject({ state: 'PENDING', version: 1 });
  });

  it('only the lease holder writes; a take-over names the lease and the version it saw', async () => {
    const minute = 60_000;
    await approvals.create(
      pendingRequest('r-lease', {
        state: 'APPROVED',
        approvals: [{ by: 'U0APPROVER' as SlackUserId, at: NOW }],
      }),
    );
    const approved = (await approvals.get('r-lease')) as ApprovalRequest;
    const lease = (id: string, expiresAt: Date): ExecutionLease => ({
      id,
      replica: `replica-${id}`,
      by: 'U0APPROVER' as SlackUserId,
      expiresAt,
    });
    const entry = (state: ApprovalRequest['state'], writeId?: string) => ({
      at: NOW,
      by: 'U0APPROVER' as SlackUserId,
      state,
      writeId,
    });
    const first = lease('first', new Date(NOW.getTime() + 5 * minute));
    const leased = await approvals.transition(approved, {
      to: 'EXECUTING',
      entry: entry('EXECUTING', 'first'),
      lease: first,
    });
    expect(leased).toMatchObject({ state: 'EXECUTING', lease: first });
    expect((await approvals.listByState('EXECUTING')).map((r) => r.id)).toContain('r-lease');
    expect((await approvals.listByState('APPROVED')).map((r) => r.id)).not.toContain('r-lease');

    const finish = {
      to: 'EXECUTED' as const,
      entry: entry('EXECUTED'),
      outcome: { kind: 'deleted' as const, by: 'U0APPROVER' as SlackUserId },
    };
    await expect(approvals.transition(leased, finish, { requireLease: 'not-mine' })).rejects.toBeInstanceOf(
      StaleTransitionError,
    );

    const second = lease('second', new Date(NOW.getTime() + 20 * minute));
    const takeOver = { to: 'EXECUTING' as const, entry: entry('EXECUTING', 'second'), lease: second };
    // The holder renewed since the sweep saw it: a take-over of the lease as it was seen fails.
    const renewed = await approvals.transition(
      leased,
      { to: 'EXECUTING', entry: entry('EXECUTING'), lease: first },
      { requireLease: 'first' },
    );
    await expect(approvals.transition(leased, takeOver, { requireLease: 'first' })).rejects.toBeInstanceOf(
      StaleTransitionError,
    );
    const taken = await approvals.transition(renewed, takeOver, { requireLease: 'first' });
    expect(taken.lease).toEqual(second);

    // The first holder, back from a long pause, can no longer write.
    await expect(approvals.transition(taken, finish, { requireLease: 'first' })).rejects.toBeInstanceOf(
      StaleTransitionError,
    );
    const finished = await approvals.transition(taken, finish, { requireLease: 'second' });
    expect(finished).toMatchObject({ state: 'EXECUTED', outcome: { kind: 'deleted', by: 'U0APPROVER' } });
    expect(finished.history.map((h) => h.state)).toEqual([
      'PENDING',
      'EXECUTING',
      'EXECUTING',
      'EXECUTING',
      'EXECUTED',
    ]);
    expect(new Set(finished.history.map((h) => h.writeId)).size).toBe(5);
    expect((await approvals.listByState('EXECUTING')).map((r) => r.id)).not.toContain('r-lease');
  });

  it('giving a lease back returns the request to APPROVED without a lease', async () => {
    await approvals.create(pendingRequest('r-give-back', { state: 'APPROVED' }));
    const approved = (await approvals.get('r-give-back')) as ApprovalRequest;
    const lease = {
      id: 'l',
      replica: 'r',
      by: 'system' as const,
      expiresAt: new Date(NOW.getTime() + 60_000),
    };
    const leased = await approvals.transition(approved, {
      to: 'EXECUTING',
      entry: { at: NOW, by: 'system', state: 'EXECUTING' },
      lease,
    });
    const back = await approvals.transition(
      leased,
      { to: 'APPROVED', entry: { at: NOW, by: 'system', state: 'APPROVED' }, lease: null },
      { requireLease: 'l' },
    );
    expect(back.state).toBe('APPROVED');
    expect(back.lease).toBeUndefined();
    expect((await approvals.listByState('APPROVED')).map((r) => r.id)).toContain('r-give-back');
  });
});
