import type { KeyCommands } from '../domain/key-commands';
import { asKeyId } from '../../../kernel/types';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { outcomeReply } from '../../../platform/slack/blocks/outcome-reply';
// The words of this slice's refusals, registered for the replies below.
import './texts';
import { statusChangeBlocks } from './status-change';
import { noSuchKey } from '../../../platform/slack/blocks/texts';
import type { ButtonListener } from '../../../platform/bolt/action-router';

/** Activate / Deactivate next to each key of `/keys list`: the same service, and rights, as the commands. */
export function keyStatusButton(
  status: 'Active' | 'Inactive',
  commands: Pick<KeyCommands, 'setStatus'>,
): ButtonListener {
  return async function setKeyStatus({ actor, value }) {
    const keyId = asKeyId(value);
    if (!keyId) return plainReply(noSuchKey(value.slice(0, 128)));
    return outcomeReply(await commands.setStatus(await actor(), keyId, status), statusChangeBlocks);
  };
}
