import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { decodeJson } from '../../../platform/slack/json-value';
import type { ApprovalRequest, MessageRef } from '../domain/approval';
import { accountText, code } from '../../../platform/slack/blocks/format';
import { section } from '../../../platform/slack/blocks/primitives';
import { mention } from './approval-outcome';
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

/**
 * What the decision is about, in mrkdwn: the key, its owner and account, and who asked, as stored;
 * the request id alone when the request could not be read in time.
 */
export function decidedAbout(requestId: string, request?: ApprovalRequest): string {
  if (!request) return `Deletion request ${code(requestId)}`;
  const where = request.account ? ` in ${accountText({ name: request.account, id: request.accountId })}` : '';
  return (
    `Deletion of access key ${code(request.keyId)} of ${code(request.owner)}${where}, ` +
    `asked by ${mention(request.requestedBy)} · request ${code(request.id)}`
  );
}

/**
 * Reject asks why (required); approve may add a note. The note is stored and shown as plain text.
 * `about`: the key the decision is about (decidedAbout), so the modal names it.
 */
export function decisionModal(metadata: DecisionMetadata, about?: string): ModalView {
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
      ...(about ? [section(about)] : []),
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
