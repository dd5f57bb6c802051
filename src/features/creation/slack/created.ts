import type { CreateResult } from '../domain/key-creation';
import { accountText, code } from '../../../platform/slack/blocks/format';
import { plainReply, type Reply } from '../../../platform/slack/blocks/primitives';

/**
 * What the asker sees: never the secret, which went by its own ephemeral message. `asker`: when the
 * secret went to the asker themselves, a short pointer to it, not a third-person account of it.
 */
export function createdBlocks(result: CreateResult, asker?: string): Reply {
  if (result.kind === 'invited') {
    return plainReply(
      `${code(result.owner)} in ${accountText(result.account)} belongs to <@${result.ownerSlack}>: they got a DM with a "Create my key" button, ` +
        'so the secret is shown only to them, when they are there to see it.',
    );
  }
  if (result.recipient === asker) {
    return plainReply(
      `Your new key ${code(result.keyId)} is ready: its secret is in your DM with Keywarden.`,
    );
  }
  return plainReply(
    `New key ${code(result.keyId)} made for ${code(result.owner)} in ${accountText(result.account)}. Its secret was shown to <@${result.recipient}> ` +
      'once, in a message only they can see in their DM with Keywarden.',
  );
}

export function rotationStartedBlocks(result: CreateResult): Reply {
  if (result.kind === 'invited') return createdBlocks(result);
  return plainReply(
    `Rotation started for ${code(result.owner)} in ${accountText(result.account)}: the new key ${code(result.keyId)} and its secret are in your DM with ` +
      'Keywarden, with a guide for the next steps.',
  );
}
