import type { CreationRefusal } from '../../../../src/features/creation/domain/refusals';
import type { KeyId } from '../../../../src/kernel/types';
import type { RefusalSamples } from '../../../support/refusal-texts';
import { key, keyId, user } from '../../../platform/slack/blocks/kernel-refusal-samples';

export const CREATION_SAMPLES: RefusalSamples<CreationRefusal> = {
  'owner-unconfirmed': { reason: 'owner-unconfirmed', user },
  'no-owner': { reason: 'no-owner', user },
  'key-limit': {
    reason: 'key-limit',
    owner: user,
    keys: [key, { ...key, keyId: 'AKIAEXAMPLEKEY000002' as KeyId }],
  },
  'dm-unavailable': { reason: 'dm-unavailable' },
  'delivery-failed': { reason: 'delivery-failed', keyId, keyState: 'Active' },
  'create-unclear': { reason: 'create-unclear', deactivated: [keyId], checked: true },
  'no-such-invitation': { reason: 'no-such-invitation' },
  'invitation-expired': { reason: 'invitation-expired' },
  'invitation-used': { reason: 'invitation-used' },
  'not-your-invitation': { reason: 'not-your-invitation' },
};
