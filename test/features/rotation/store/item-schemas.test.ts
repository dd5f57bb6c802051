import { rotationCodec } from '../../../../src/features/rotation/store/rotation-codec';
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
});
