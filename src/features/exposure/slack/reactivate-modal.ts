import type { ModalView } from '@slack/types';
import type { KeyId } from '../../../kernel/types';
import { MAX_REASON_LENGTH } from '../../../kernel/user-text';
import { code } from '../../../platform/slack/blocks/format';
import { section } from '../../../platform/slack/blocks/primitives';
import { REACTIVATE_BLOCK, REACTIVATE_CALLBACK, REACTIVATE_INPUT } from './action-ids';

/** Carried in private_metadata: the key, and the card's channel for the answer; checked again on submit. */
export function reactivateModal(keyId: KeyId, channel: string | undefined): ModalView {
  return {
    type: 'modal',
    callback_id: REACTIVATE_CALLBACK,
    private_metadata: JSON.stringify({ k: keyId, ...(channel ? { c: channel } : {}) }),
    title: { type: 'plain_text', text: 'Re-activate a leaked key' },
    submit: { type: 'plain_text', text: 'Re-activate' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        `${code(keyId)} was reported exposed. Re-activating it lets whoever holds the secret use it again. ` +
          'The card and the audit trail show who did it and why.',
      ),
      {
        type: 'input',
        block_id: REACTIVATE_BLOCK,
        label: { type: 'plain_text', text: 'Why is it safe to re-activate?' },
        element: {
          type: 'plain_text_input',
          action_id: REACTIVATE_INPUT,
          multiline: true,
          max_length: MAX_REASON_LENGTH,
        },
      },
    ],
  };
}
