import type { ApprovalRequest } from '../../../../src/features/approvals/domain/approval';
import { KeyStatusNotes } from '../../../../src/features/approvals/domain/key-status-notes';
import type { KeyStatusChanged } from '../../../../src/features/keys/domain';
import { approvalRequestBlocks } from '../../../../src/features/approvals/slack/approval-request';
import type { Account } from '../../../../src/kernel/accounts';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import { capturedLog, MemoryApprovalStore, RecordingApprovalNotifier } from '../../../support/fakes';

const NOW = new Date('2026-12-07T10:00:00Z');
const KEY = 'AKIAEXAMPLEKEY000001' as KeyId;

function pending(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: '6f1d2c3b-4a59-4877-9c1e-0123456789ab',
    state: 'PENDING',
    keyId: KEY,
    owner: 'alice' as IamUserName,
    requestedBy: 'U0ALICE' as SlackUserId,
    createdAt: NOW,
    expiresAt: new Date(NOW.getTime() + 3_600_000),
    required: 1,
    approvals: [],
    history: [],
    key: { status: 'Active', createdAt: new Date('2025-01-01T00:00:00Z') },
    message: { channel: 'C0APPROVALS', ts: '1.000100' },
    version: 1,
    ...overrides,
  };
}

const off = (by: KeyStatusChanged['by'] = 'U0ALICE' as SlackUserId): KeyStatusChanged => ({
  owner: 'alice' as IamUserName,
  account: { name: 'default' } as Account,
  keyId: KEY,
  status: 'Inactive',
  by,
  at: new Date(NOW.getTime() + 60_000),
});

async function setUp(request?: ApprovalRequest) {
  const store = new MemoryApprovalStore();
  const notifier = new RecordingApprovalNotifier();
  if (request) {
    await store.claimKey(request.keyId, request.id, NOW);
    await store.create(request);
  }
  const notes = new KeyStatusNotes({ store, notifier, log: capturedLog().log });
  return { store, notifier, notes };
}

describe('KeyStatusNotes: the card of a pending request follows its key', () => {
  it('notes the change on the pending request (its version untouched) and rewrites its card', async () => {
    const { store, notifier, notes } = await setUp(pending());
    await notes.keyStatusChanged(off());
    expect(notifier.updates).toHaveLength(1);
    expect(notifier.updates[0]?.keyStatusChange).toEqual({ status: 'Inactive', at: off().at, by: 'U0ALICE' });
    expect(await store.get(pending().id)).toMatchObject({ version: 1, key: { status: 'Active' } });
  });

  it('leaves a decided request, a key of another owner and a key with no request alone', async () => {
    for (const request of [
      pending({ state: 'REJECTED' }),
      pending({ owner: 'bob' as IamUserName }),
      undefined,
    ]) {
      const { store, notifier, notes } = await setUp(request);
      await notes.keyStatusChanged(off());
      expect(notifier.updates).toEqual([]);
      if (request) expect((await store.get(request.id))?.keyStatusChange).toBeUndefined();
    }
  });

  it('the card says who turned the key off instead of "Still Active"; on again, it warns again', () => {
    const asked = approvalRequestBlocks(pending(), NOW);
    expect(JSON.stringify(asked.blocks)).toContain('Still Active');
    const turnedOff = JSON.stringify(
      approvalRequestBlocks(pending({ keyStatusChange: { status: 'Inactive', at: NOW, by: 'system' } }), NOW)
        .blocks,
    );
    expect(turnedOff).not.toContain('Still Active');
    expect(turnedOff).toContain('Deactivated 2026-12-07 10:00 UTC by Keywarden');
    const onAgain = approvalRequestBlocks(
      pending({
        key: { status: 'Inactive', createdAt: NOW },
        keyStatusChange: { status: 'Active', at: NOW, by: 'U0ADMIN' as SlackUserId },
      }),
      NOW,
    );
    expect(JSON.stringify(onAgain.blocks)).toContain('Still Active');
  });
});
