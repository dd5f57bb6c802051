import { rotationCodec, rotationDeletionCodec } from '../../../../src/features/rotation/store/rotation-codec';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';

const NOW = new Date('2026-12-01T10:00:00.000Z');

describe('stored rotations are decoded, not cast', () => {
  it('a rotation decodes what its codec wrote', () => {
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
  });

  it('a completed rotation keeps who deleted the old key, and one sent back keeps how the request ended', () => {
    const base = {
      id: 'r2',
      version: 5,
      owner: 'alice' as IamUserName,
      driver: 'U0ALICE' as SlackUserId,
      startedBy: 'U0ALICE' as SlackUserId,
      oldKeyId: 'AKIAIOSFODNN7EXAMPLE' as KeyId,
      createdAt: NOW,
      updatedAt: NOW,
    };
    const completed = { ...base, state: 'COMPLETED' as const, deletedBy: ['U0APPROVER' as SlackUserId] };
    expect(rotationCodec.fromItem(rotationCodec.toItem(completed))).toEqual(completed);
    const back = {
      ...base,
      state: 'OLD_KEY_DEACTIVATED' as const,
      deletionNotDone: { state: 'REJECTED' as const, by: 'U0APPROVER' as SlackUserId },
    };
    expect(rotationCodec.fromItem(rotationCodec.toItem(back))).toEqual(back);
    expect(() =>
      rotationCodec.fromItem({ ...rotationCodec.toItem(completed), deletedBy: ['<!channel>'] }),
    ).toThrow(/not one Keywarden wrote/);
  });

  it("a rotation's deletion request link decodes what its codec wrote, and nothing else", () => {
    const link = { id: 'req-1', state: 'REQUESTED' as const, version: 1, rotationId: 'r1' };
    expect(rotationDeletionCodec.fromItem(rotationDeletionCodec.toItem(link))).toEqual(link);
    expect(() => rotationDeletionCodec.fromItem({ id: 'req-1', state: 'REQUESTED', version: 1 })).toThrow();
  });
});
