import type { StatusChange } from '../../keys/key-commands';
import { code } from './format';
import { plainReply, type Reply } from './primitives';

export function statusChangeBlocks(change: StatusChange): Reply {
  const word = change.status === 'Active' ? 'active' : 'inactive';
  if (!change.changed)
    return plainReply(
      `${code(change.keyId)} of ${code(change.owner)} is already ${word}. Nothing was changed.`,
    );
  return plainReply(`${code(change.keyId)} of ${code(change.owner)} is now ${word}.`);
}
