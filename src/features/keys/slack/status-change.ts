import type { StatusChange } from '../domain/key-commands';
import { accountText, code } from '../../../platform/slack/blocks/format';
import { plainReply, type Reply } from '../../../platform/slack/blocks/primitives';

export const HOLD_PLACED = 'It is on hold: only an admin of Keywarden can activate it again.';
export const HOLD_LIFTED = 'The hold on it is lifted: its owner manages it again.';
export const HOLD_NOT_LIFTED =
  'The hold on it could not be lifted, so its owner still cannot turn it on after turning it off. Activate it again to lift the hold.';

export function holdNotStoredText(keyId: string): string {
  return (
    "But its hold could not be stored in Keywarden's store, so its owner could turn it on again. " +
    `Run ${code(`/keys deactivate ${keyId}`)} again to store the hold.`
  );
}

export function statusChangeBlocks(change: StatusChange): Reply {
  const word = change.status === 'Active' ? 'active' : 'inactive';
  const key = `${code(change.keyId)} of ${code(change.owner)} in ${accountText(change.account)}`;
  const what = change.changed ? `${key} is now ${word}.` : `${key} is already ${word}.`;
  switch (change.hold) {
    case 'placed':
      return plainReply(`${what} ${HOLD_PLACED}`);
    case 'not-stored':
      return plainReply(`${what} ${holdNotStoredText(change.keyId)}`);
    case 'lifted':
      return plainReply(`${what} ${HOLD_LIFTED}`);
    case 'not-lifted':
      return plainReply(`${what} ${HOLD_NOT_LIFTED}`);
    case undefined:
      return plainReply(change.changed ? what : `${what} Nothing was changed.`);
  }
}
