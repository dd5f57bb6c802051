import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { IamState } from '../../../../sandbox/iam';
import type { ApprovalRequest } from '../../../../src/features/approvals/domain/approval';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import { fromItem, toItem } from '../../../../src/features/approvals/store/approval-items';
import { startBot } from '../../../support/bot';

const NOW = new Date('2026-12-01T10:00:00.000Z');

function request(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    state: 'APPROVED',
    keyId: 'AKIAIOSFODNN7EXAMPLE' as KeyId,
    owner: 'alice' as IamUserName,
    requestedBy: 'U0ALICE' as SlackUserId,
    reason: 'INC-1',
    createdAt: NOW,
    expiresAt: new Date(NOW.getTime() + 86_400_000),
    required: 1,
    approvals: [{ by: 'U0APPROVER' as SlackUserId, at: NOW }],
    history: [{ at: NOW, by: 'U0ALICE' as SlackUserId, state: 'PENDING', writeId: 'w1' }],
    key: { status: 'Active', createdAt: new Date('2026-01-01T00:00:00Z') },
    message: { channel: 'C0APPROVALS', ts: '1.000' },
    outcome: { kind: 'deleted', by: 'U0APPROVER' as SlackUserId },
    version: 3,
    ...overrides,
  };
}

describe('stored deletion requests are decoded, not cast', () => {
  it('an approval request survives the round trip through its item', () => {
    expect(fromItem(toItem(request()))).toEqual(request());
  });

  it.each([
    ['a key id that is not one', { keyId: '../../etc/passwd' }],
    ['an owner that is not an IAM user name', { owner: 'alice smith' }],
    ['a requester that is not a Slack user', { requestedBy: 'admin' }],
    ['an unknown state', { state: 'DELETE_NOW' }],
    ['a date that is not one', { createdAt: 'yesterday' }],
  ])('an item with %s is refused with STORE_CORRUPT', (_name, tampered) => {
    expect(() => fromItem({ ...toItem(request()), ...tampered })).toThrow(
      expect.objectContaining({ code: 'STORE_CORRUPT' }),
    );
  });

  it('an outcome stored as a sentence (before outcomes were data) is read as plain detail', () => {
    const item = { ...toItem(request({ state: 'REJECTED' })), outcome: 'rejected by <@U0APPROVER>' };
    expect(fromItem(item).outcome).toEqual({
      kind: 'rejected',
      by: 'system',
      detail: 'rejected by <@U0APPROVER>',
    });
  });

  it('a tampered APPROVED item in the table is skipped by the sweep: nothing reaches IAM, and it is logged', async () => {
    const state = new IamState();
    state.addUser('alice');
    const bot = await startBot({ iamState: state });
    try {
      const tampered = { ...toItem(request({ createdAt: new Date(Date.now() - 3_600_000) })), owner: '*' };
      await bot.keywarden.store.doc.send(
        new PutCommand({ TableName: bot.keywarden.store.tableName, Item: tampered }),
      );
      await bot.keywarden.approvals.sweep();
      expect(bot.iam.calls().filter((call) => call.action === 'DeleteAccessKey')).toHaveLength(0);
      expect(bot.logs.some((line) => line.includes('not one Keywarden wrote'))).toBe(true);
    } finally {
      await bot.stop();
    }
  });
});
