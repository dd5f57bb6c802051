import type { RotationRefusal } from '../domain/refusals';
import { code } from '../../../platform/slack/blocks/format';
import { registerRefusalTexts, type RefusalTexts } from '../../../platform/slack/blocks/refusal-texts';

/** The words of a rotation's own refusals. Tests assert on these constants. */
export const NO_SUCH_ROTATION = 'That rotation does not exist.';
export const ROTATION_STEP_DONE =
  'That step of the rotation is already done (or not yet possible). Nothing was changed.';
export const NEW_KEY_NOT_USED_YET =
  "The new key has not been used yet. Switch your systems to it first; the old key stays active until then. Use 'Refresh' to check again.";

export const ROTATION_REFUSAL_TEXTS: RefusalTexts<RotationRefusal> = {
  'nothing-to-rotate': ({ owner }) =>
    `${code(owner)} has no access key to rotate. Use \`/keys create\` to make one.`,
  // The way on is offered as buttons beside these words (rotation-needs-room.ts), not as commands to type.
  'rotation-needs-room': ({ owner, keys }) =>
    `${code(owner)} already has two access keys, the most IAM allows (${keys
      .map((key) => `${code(key.keyId)}, ${key.status.toLowerCase()}`)
      .join('; ')}): rotation needs room for the new key.`,
  'no-such-rotation': () => NO_SUCH_ROTATION,
  'rotation-step-done': () => ROTATION_STEP_DONE,
  'new-key-not-used-yet': () => NEW_KEY_NOT_USED_YET,
};

registerRefusalTexts(ROTATION_REFUSAL_TEXTS);
