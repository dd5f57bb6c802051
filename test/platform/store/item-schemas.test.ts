import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { IamState } from '../../../sandbox/iam';
import type { ApprovalRequest } from '../../../src/features/approvals/domain/approval';
import type { IamUserName, KeyId, SlackUserId } from '../../../src/kernel/types';
import { fromItem, toItem } from '../../../src/features/approvals/store/approval-items';
import { cleanupCodec, invitationCodec, rotationCodec } from '../../../src/platform/store/codecs';
import { startBot } from '../../support/bot';

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

describe('stored items are decoded, not cast', () => {
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

  it('invitations, rotations and cleanups decode what their codecs wrote, and refuse a bad owner', () => {
    const invitation = {
      id: 'i1',
      state: 'PENDING' as const,
      version: 1,
      owner: 'alice' as IamUserName,
      ownerSlack: 'U0ALICE' as SlackUserId,
      invitedBy: 'U0ADMIN' as SlackUserId,
      createdAt: NOW,
      expiresAt: NOW,
    };
    expect(invitationCodec.fromItem(invitationCodec.toItem(invitation))).toEqual(invitation);
    const rotation = {
      id: 'r1',
      state: 'NEW_KEY_DELIVERED' as const,
      version: 2,
      owner: 'alice' as IamUserName,
      driver: 'U0ALICE' as SlackUserId,
      startedBy: 'U0ALICE' as SlackUserId,
      oldKeyId: 'AKIAIOSFODNN7EXAMPLE' as KeyId,
      newKeyId: 'AKIAIOSFODNN7EXAMPL2' as KeyId,
      createdAt: NOW,
      updatedAt: NOW,
    };
    expect(rotationCodec.fromItem(rotationCodec.toItem(rotation))).toEqual(rotation);
    const cleanup = {
      id: 'c1',
      state: 'OPEN' as const,
      version: 1,
      kind: 'delete-undelivered' as const,
      owner: 'alice' as IamUserName,
      keyId: 'AKIAIOSFODNN7EXAMPLE' as KeyId,
      askedBy: 'U0ALICE' as SlackUserId,
      createdAt: NOW,
      attempts: 0,
    };
    const { gsi1pk: _pk, gsi1sk: _sk, ...stored } = cleanupCodec.toItem(cleanup);
    expect(cleanupCodec.fromItem(stored)).toEqual(cleanup);
    expect(() => cleanupCodec.fromItem({ ...stored, owner: 'a b' })).toThrow(
      expect.objectContaining({ code: 'STORE_CORRUPT' }),
    );
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
