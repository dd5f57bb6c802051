import type { ModalView } from '@slack/types';
import type { ReportedKey } from '../domain/stale-key-actions';
import { MAX_SNOOZE_DAYS, MAX_SNOOZE_REASON } from '../domain/snooze';
import { code, formatDateTime } from '../../../platform/slack/blocks/format';
import { section } from '../../../platform/slack/blocks/primitives';
import { reportButtonValue } from './report-button';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';

export const SNOOZE_CALLBACK_ID = 'nudge.snooze';
export const SNOOZE_REASON_BLOCK = 'snooze.reason';
export const SNOOZE_REASON_ACTION = 'reason';
export const SNOOZE_PERIOD_BLOCK = 'snooze.period';
export const SNOOZE_PERIOD_ACTION = 'days';
export const DEFAULT_SNOOZE_DAYS = 7;

export const SNOOZE_TITLE = 'Snooze a stale key';

/**
 * The snooze form. The key travels in private_metadata as a report button's value: Slack returns it
 * with the submission, and it is parsed as strictly as any button's.
 */
export function snoozeModal(key: ReportedKey, keyId?: string): ModalView {
  // Every modal names its key: by id where the nudge knew it, always by owner, account and creation.
  const which = keyId ? `The access key ${code(keyId)}` : 'The key';
  return {
    type: 'modal',
    callback_id: SNOOZE_CALLBACK_ID,
    private_metadata: reportButtonValue(key),
    title: { type: 'plain_text', text: SNOOZE_TITLE },
    submit: { type: 'plain_text', text: 'Snooze' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        `${which} of ${code(key.owner)} in *${inlineUserText(key.account ?? 'default')}* created ${formatDateTime(key.createdAt)} ` +
          `leaves your nudges until the snooze ends. The channel report shows who snoozed it, until when, and why.`,
      ),
      {
        type: 'input',
        block_id: SNOOZE_REASON_BLOCK,
        label: { type: 'plain_text', text: 'Reason' },
        element: {
          type: 'plain_text_input',
          action_id: SNOOZE_REASON_ACTION,
          multiline: true,
          max_length: MAX_SNOOZE_REASON,
          placeholder: { type: 'plain_text', text: 'Why this key can wait, e.g. a ticket number' },
        },
      },
      {
        type: 'input',
        block_id: SNOOZE_PERIOD_BLOCK,
        label: { type: 'plain_text', text: `Days (at most ${MAX_SNOOZE_DAYS})` },
        element: {
          type: 'number_input',
          action_id: SNOOZE_PERIOD_ACTION,
          is_decimal_allowed: false,
          min_value: '1',
          max_value: String(MAX_SNOOZE_DAYS),
          initial_value: String(DEFAULT_SNOOZE_DAYS),
        },
      },
    ],
  };
}

export const SNOOZE_NOT_OPENED = 'The snooze form could not be opened. Nothing was changed; try again.';
