import type { Invitation } from '../domain/invitation';
import { code, formatDateTime } from '../../../platform/slack/blocks/format';
import { actions, button, context, section, type Reply } from '../../../platform/slack/blocks/primitives';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';

export const ACCEPT_INVITATION_ACTION = 'create.accept';

export function invitationBlocks(invitation: Invitation): Reply {
  const purpose = invitation.rotationId ? 'to rotate' : 'for';
  const text =
    `<@${invitation.invitedBy}> asked for a new access key ${purpose} your IAM user ${code(invitation.owner)}. ` +
    'The key is made when you click, and its secret is shown to you once, here.';
  return {
    text: `A new access key for ${invitation.owner} is ready to be made.`,
    blocks: [
      section(text),
      actions(
        [
          button({
            text: 'Create my key',
            actionId: ACCEPT_INVITATION_ACTION,
            value: invitation.id,
            style: 'primary',
          }),
        ],
        `invitation:${invitation.id}`,
      ),
      context(`Expires ${formatDateTime(invitation.expiresAt)}.`),
    ],
  };
}

export function closedInvitationBlocks(invitation: Invitation, outcome: string): Reply {
  const text = `Invitation for a new key for ${code(invitation.owner)}: ${inlineUserText(outcome)}`;
  return { text, blocks: [section(text)] };
}
