import type { InputBlock, ModalView } from '@slack/types';
import type { ViewOutput } from '@slack/bolt';
import { asKeyId, KEY_ID, type KeyId } from '../../../kernel/types';
import { z } from 'zod';
import { decodeJson } from '../../../platform/slack/json-value';
import { MAX_REASON_LENGTH } from '../../../kernel/user-text';
import { section } from '../../../platform/slack/blocks/primitives';

export const DELETION_REASON_CALLBACK = 'deletion.reason';
export const REASON_BLOCK = 'reason';
export const REASON_ACTION = 'reason';
export const DEACTIVATE_NOW_BLOCK = 'deactivate-now';
export const DEACTIVATE_NOW_ACTION = 'deactivate-now';
export const DEACTIVATE_NOW_VALUE = 'deactivate';
export const DEACTIVATE_NOW_OPTION = 'Deactivate now';

/**
 * Where the Request deletion button was, which says what the submission asks for: a key of
 * `/keys list` ('list'), the old key of a rotation guide ('rotation'), a key on the App Home
 * ('home'), a key of a stale-key report ('report'). Each source's slice registers what its
 * submission does (DeletionContinuations), so this slice names none of them.
 */
export type DeletionSource = string;

/** Whether a source is registered and the target its button carries is well-formed for it. */
export type TargetCheck = (source: DeletionSource, target: string) => boolean;

/** Carried in the modal's private_metadata; decoded and checked again on submit. */
export interface DeletionReasonMetadata {
  source: DeletionSource;
  /** What the source's button named: a key id (list, home), a rotation id, a report button's value. */
  target: string;
  /** The conversation the button was in, for the answer; the Home has none. */
  channel?: string;
  /**
   * The key the modal offers to deactivate before the request opens ("Deactivate now"): set only
   * where it was Active and the person may turn it off when the modal opened. Where the target is no
   * key id, the key its source found for it in IAM (DeletionContinuation.keyOf), confirmed on submit.
   */
  deactivate?: KeyId;
}

const metadataSchema = z
  .object({
    s: z.string().regex(/^[a-z-]{1,20}$/),
    t: z.string().max(300),
    c: z
      .string()
      .regex(/^[CGD][A-Z0-9]{2,30}$/)
      .optional(),
    k: z.string().regex(KEY_ID).optional(),
  })
  .strict();

export function decodeDeletionReasonMetadata(
  text: string | undefined,
  accepts: TargetCheck,
): DeletionReasonMetadata | undefined {
  const parsed = decodeJson(metadataSchema, text);
  if (!parsed || !accepts(parsed.s, parsed.t)) return undefined;
  const { s, t, c, k } = parsed;
  // Only the key the modal is about is ever offered: where the target is a key id, any other key is
  // not read as an offer; where it names its key otherwise (a report's owner and creation time), the
  // submission asks the source which key that is now and deactivates only when it is this one.
  const deactivate = k === undefined || (k !== t && asKeyId(t)) ? undefined : asKeyId(k);
  return { source: s, target: t, ...(c ? { channel: c } : {}), ...(deactivate ? { deactivate } : {}) };
}

/** The rule in words, under the reason's field (never the pattern: `approvals.reason.hint`). */
export function reasonRuleHint(hint?: string): string {
  return hint ?? 'The policy asks for a reason: approvers and the audit trail see it.';
}

/** What the field says when the reason given does not follow the rule; nothing is requested. */
export function reasonFieldError(hint?: string): string {
  return hint ? `That reason does not follow the policy. ${hint}` : 'Say why the key should be deleted.';
}

/**
 * Asked where the policy wants a person's reason for a deletion (`approvals.reason`): a button's
 * own reason ("requested from /keys list") would be refused, so the button asks for one instead.
 */
export function deletionReasonModal(
  metadata: DeletionReasonMetadata,
  hint?: string,
  initialReason?: string,
  /** What the request is about ("Access key `AKIA…`"): every modal names its key. */
  about?: string,
): ModalView {
  return {
    type: 'modal',
    callback_id: DELETION_REASON_CALLBACK,
    private_metadata: JSON.stringify({
      s: metadata.source,
      t: metadata.target,
      ...(metadata.channel ? { c: metadata.channel } : {}),
      ...(metadata.deactivate ? { k: metadata.deactivate } : {}),
    }),
    title: { type: 'plain_text', text: 'Request deletion' },
    submit: { type: 'plain_text', text: 'Request deletion' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      ...(about ? [section(about)] : []),
      {
        type: 'input',
        block_id: REASON_BLOCK,
        label: { type: 'plain_text', text: 'Why should the key be deleted?' },
        hint: { type: 'plain_text', text: reasonRuleHint(hint) },
        element: {
          type: 'plain_text_input',
          action_id: REASON_ACTION,
          max_length: MAX_REASON_LENGTH,
          // A source's own words to start from (an incident's), which the person completes.
          ...(initialReason ? { initial_value: initialReason.slice(0, MAX_REASON_LENGTH) } : {}),
        },
      },
      ...(metadata.deactivate ? [deactivateNowInput()] : []),
    ],
  };
}

/**
 * "Deactivate now", checked by default: containment first, since the request waits for approvers
 * (a key that may have leaked keeps working meanwhile). Optional, so unticking it is allowed; Slack
 * then adds "(optional)" to the label itself.
 */
function deactivateNowInput(): InputBlock {
  const option = {
    text: { type: 'plain_text' as const, text: DEACTIVATE_NOW_OPTION },
    description: {
      type: 'plain_text' as const,
      text: 'It stops working at once, while approvers decide; it can be activated again.',
    },
    value: DEACTIVATE_NOW_VALUE,
  };
  return {
    type: 'input',
    block_id: DEACTIVATE_NOW_BLOCK,
    optional: true,
    label: { type: 'plain_text', text: 'Containment' },
    element: {
      type: 'checkboxes',
      action_id: DEACTIVATE_NOW_ACTION,
      options: [option],
      initial_options: [option],
    },
  };
}

/** Whether the submitted modal has "Deactivate now" ticked. */
export function deactivateNowTicked(values: ViewOutput['state']['values']): boolean {
  const selected = values[DEACTIVATE_NOW_BLOCK]?.[DEACTIVATE_NOW_ACTION]?.selected_options ?? [];
  return selected.some((option) => option.value === DEACTIVATE_NOW_VALUE);
}
