import type { StatusChange } from '../../keys/key-commands';
import { accountText, code } from './format';
import { plainReply, type Reply } from './primitives';

export function statusChangeBlocks(change: StatusChange): Reply {
  const word = change.status === 'Active' ? 'active' : 'inactive';
  if (!change.changed)
    return plainReply(
      `${code(change.keyId)} of ${code(change.owner)} in ${accountText(change.account)} is already ${word}. Nothing was changed.`,
    );
  return plainReply(
    `${code(change.keyId)} of ${code(change.owner)} in ${accountText(change.account)} is now ${word}.`,
  );
}
