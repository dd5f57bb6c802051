import type { CreationRefusal } from '../domain/refusals';
import { code } from '../../../platform/slack/blocks/format';
import { registerRefusalTexts, type RefusalTexts } from '../../../platform/slack/blocks/refusal-texts';

/** The words of key creation's own refusals. Tests assert on these constants. */
export function ownerUnconfirmedText(user: string): string {
  return `Could not confirm who owns ${code(user)}; nothing was changed. Please try again shortly.`;
}
export function noOwnerText(user: string): string {
  return (
    `${code(user)} is not mapped to a Slack person and is not a service user, so Keywarden makes no key for it. ` +
    'An admin can map it in `identity.users` or name it in `identity.serviceUsers`.'
  );
}

export const DELIVERY_FAILED_ROLLED_BACK =
  'The new secret could not be delivered to its owner, so the new key was deleted again. Nothing else changed; please try again.';
export const DELIVERY_FAILED_NO_KEY = 'Could not reach the key owner in Slack, so no key was made.';
export const CREATE_UNCLEAR_UNCHECKED =
  'IAM did not answer clearly, and Keywarden could not check afterwards whether a key was made. It will check again shortly and deactivate any key whose secret nobody saw. Please try again in a few minutes.';

/** A rollback that failed: name the key and say what is true of it, never "no key was made". */
export function deliveryFailedText(keyId: string, keyState: 'deleted' | 'Active' | 'Inactive'): string {
  if (keyState === 'deleted') return DELIVERY_FAILED_ROLLED_BACK;
  const state =
    keyState === 'Inactive'
      ? 'could not be deleted, so it was deactivated: it exists and is *inactive*'
      : 'could neither be deleted nor deactivated: it exists and is still *active*, with a secret nobody has seen';
  return (
    `The new secret could not be delivered, and the new key ${code(keyId)} ${state}. ` +
    'Keywarden will keep trying to delete it; an admin can check with `/keys audit ' +
    keyId +
    '`.'
  );
}
export const NO_SUCH_INVITATION = 'That invitation does not exist.';
export const INVITATION_EXPIRED = 'That invitation has expired. Ask an admin for a new one.';
export const INVITATION_USED = 'That invitation was already used. A key is made only once per invitation.';
export const NOT_YOUR_INVITATION = 'Only the owner of the key can use this invitation.';

export function keyLimitText(owner: string, keys: { keyId: string; status: string }[]): string {
  const list = keys.map((key) => `${code(key.keyId)} (${key.status.toLowerCase()})`).join(', ');
  return (
    `${code(owner)} already has two access keys, the most IAM allows: ${list}. ` +
    'Deactivate one and request its deletion (`/keys deactivate KEY_ID`, then `/keys delete KEY_ID`) first.'
  );
}

function createUnclearText(deactivated: string[], checked: boolean): string {
  if (!checked) return CREATE_UNCLEAR_UNCHECKED;
  return deactivated.length > 0
    ? `IAM did not answer clearly. A key that appeared without its secret being shown was deactivated: ${deactivated
        .map(code)
        .join(', ')}. Please try again.`
    : 'IAM did not answer clearly, and no new key appeared. Nothing was changed; please try again.';
}

export const CREATION_REFUSAL_TEXTS: RefusalTexts<CreationRefusal> = {
  'owner-unconfirmed': ({ user }) => ownerUnconfirmedText(user),
  'no-owner': ({ user }) => noOwnerText(user),
  'key-limit': ({ owner, keys }) => keyLimitText(owner, keys),
  'dm-unavailable': () => DELIVERY_FAILED_NO_KEY,
  'delivery-failed': ({ keyId, keyState }) => deliveryFailedText(keyId, keyState),
  'create-unclear': ({ deactivated, checked }) => createUnclearText(deactivated, checked),
  'no-such-invitation': () => NO_SUCH_INVITATION,
  'invitation-expired': () => INVITATION_EXPIRED,
  'invitation-used': () => INVITATION_USED,
  'not-your-invitation': () => NOT_YOUR_INVITATION,
};

registerRefusalTexts(CREATION_REFUSAL_TEXTS);
