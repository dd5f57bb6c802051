import type { RotationRefusal } from '../../../../src/features/rotation/domain/refusals';
import type { RefusalSamples } from '../../../support/refusal-texts';
import { key, user } from '../../../platform/slack/blocks/kernel-refusal-samples';

export const ROTATION_SAMPLES: RefusalSamples<RotationRefusal> = {
  'nothing-to-rotate': { reason: 'nothing-to-rotate', owner: user },
  'rotation-needs-room': { reason: 'rotation-needs-room', owner: user, keys: [key, key] },
  'no-such-rotation': { reason: 'no-such-rotation' },
  'rotation-step-done': { reason: 'rotation-step-done' },
  'new-key-not-used-yet': { reason: 'new-key-not-used-yet' },
};
