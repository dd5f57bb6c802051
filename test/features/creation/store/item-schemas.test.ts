import { cleanupCodec } from '../../../../src/features/creation/store/cleanup-codec';
import { invitationCodec } from '../../../../src/features/creation/store/invitation-codec';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';

const NOW = new Date('2026-12-01T10:00:00.000Z');

describe('stored invitations and cleanups are decoded, not cast', () => {
  it('invitations and cleanups decode what their codecs wrote, and a bad owner is refused', () => {
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
});
