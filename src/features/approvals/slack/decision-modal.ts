import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { decodeJson } from '../../../platform/slack/json-value';
import type { MessageRef } from '../domain/approval';
import { MAX_REASON_LENGTH } from '../../../kernel/user-text';

export const DECISION_CALLBACK = 'approval.decision';
export const NOTE_BLOCK = 'note';
export const NOTE_ACTION = 'note';
export const REJECT_REASON_REQUIRED = 'Say why the request is rejected: the requester is told.';

export type DecisionVerb = 'approve' | 'reject';

/** Carried in the modal's private_metadata; decoded on submit, and checked against the store. */
export interface DecisionMetadata {
  requestId: string;
  verb: DecisionVerb;
  message: MessageRef;
  /** Opened from the App Home: the outcome is told there (the Home republished with a notice). */
  fromHome?: boolean;
}

const metadataSchema = z
  .object({
    r: z.uuid(),
    v: z.enum(['approve', 'reject']),
    c: z.string().regex(/^[CGD][A-Z0-9]{2,30}$/),
    t: z.string().regex(/^\d{1,12}\.\d{1,9}$/),
    h: z.literal(1).optional(),
  })
  .strict();

export function decodeDecisionMetadata(text: string | undefined): DecisionMetadata | undefined {
  const parsed = decodeJson(metadataSchema, text);
  if (!parsed) return undefined;
  const { r, v, c, t, h } = parsed;
  return { requestId: r, verb: v, message: { channel: c, ts: t }, ...(h ? { fromHome: true } : {}) };
}

/** Reject asks why (required); approve may add a note. The note is stored and shown as plain text. */
export function decisionModal(metadata: DecisionMetadata): ModalView {
  const reject = metadata.verb === 'reject';
  return {
    type: 'modal',
    callback_id: DECISION_CALLBACK,
    private_metadata: JSON.stringify({
      r: metadata.requestId,
      v: metadata.verb,
      ...(metadata.fromHome ? { h: 1 } : {}),
      c: metadata.message.channel,
      t: metadata.message.ts,
    }),
    title: { type: 'plain_text', text: reject ? 'Reject the deletion' : 'Approve the deletion' },
    submit: { type: 'plain_text', text: reject ? 'Reject' : 'Approve' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: NOTE_BLOCK,
        optional: !reject,
        label: {
          type: 'plain_text',
          // Slack adds "(optional)" to an optional input's label itself.
          text: reject ? 'Why is it rejected?' : 'A note for the record',
        },
        element: {
          type: 'plain_text_input',
          action_id: NOTE_ACTION,
          multiline: true,
          max_length: MAX_REASON_LENGTH,
        },
      },
    ],
  };
}
