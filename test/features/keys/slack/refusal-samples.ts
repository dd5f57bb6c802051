import type { KeysRefusal } from '../../../../src/features/keys/domain/refusals';
import type { SlackUserId } from '../../../../src/kernel/types';
import type { RefusalSamples } from '../../../support/refusal-texts';
import { key } from '../../../platform/slack/blocks/kernel-refusal-samples';

export const KEYS_SAMPLES: RefusalSamples<KeysRefusal> = {
  'deactivated-by-admin': { reason: 'deactivated-by-admin', by: 'U0ADMIN' as SlackUserId, at: key.createdAt },
};
