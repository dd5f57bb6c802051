import type { Invitation } from '../domain/invitation';
import type { Codec } from '../../../platform/store/dynamo-versioned-store';
import { decodeInvitation } from './item-schemas';
import { DAY_MS } from '../../../kernel/types';

export const invitationCodec: Codec<Invitation> = {
  kind: 'invitation',
  expiresAt: (invitation) => new Date(invitation.expiresAt.getTime() + 90 * DAY_MS),
  toItem: (invitation) => ({
    ...invitation,
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
  }),
  fromItem: decodeInvitation,
};
