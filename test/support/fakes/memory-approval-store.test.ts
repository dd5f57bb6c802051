import { approvalStoreContract, pendingRequest } from '../contracts/approval-store';
import { MemoryApprovalStore } from './memory-approval-store';

describe('MemoryApprovalStore keeps the ApprovalStore contract', () => {
  approvalStoreContract(async () => ({ store: new MemoryApprovalStore(), close: async () => undefined }));
});

describe('MemoryApprovalStore, what only the fake does', () => {
  it('beforeNextTransition lets another writer in first, once: the caller then loses the race', async () => {
    const store = new MemoryApprovalStore();
    const request = pendingRequest();
    await store.create(request);
    const rejection = {
      to: 'REJECTED' as const,
      entry: { at: request.createdAt, by: 'system' as const, state: 'REJECTED' as const },
    };
    store.beforeNextTransition(() => store.transition(request, rejection).then(() => undefined));
    await expect(store.transition(request, rejection)).rejects.toMatchObject({ code: 'STALE_TRANSITION' });
    expect(store.peek(request.id)?.version).toBe(2);
  });

  it('hands out copies: editing what it returned changes nothing stored', async () => {
    const store = new MemoryApprovalStore();
    const request = pendingRequest();
    await store.create(request);
    request.state = 'EXECUTED';
    const read = await store.get(request.id);
    (read as { state: string }).state = 'FAILED';
    expect(store.peek(request.id)?.state).toBe('PENDING');
  });
});
