import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { decodeJson } from '../../../platform/slack/json-value';
import { MAX_REASON_LENGTH } from '../../command/domain/command';
import { KEY_ID } from '../../../kernel/types';
import { parseReportButtonValue } from '../../reports/slack/report-button';

export const DELETION_REASON_CALLBACK = 'deletion.reason';
export const REASON_BLOCK = 'reason';
export const REASON_ACTION = 'reason';

/**
 * Where the Request deletion button was, which says what the submission asks for: a key of
 * `/keys list`, the old key of a rotation guide, a key on the App Home, or a key of a stale-key
 * report (named by its report button's value: owner, account and creation time).
 */
export type DeletionSource = 'list' | 'rotation' | 'home' | 'report';

/** Carried in the modal's private_metadata; decoded and checked again on submit. */
export interface DeletionReasonMetadata {
  source: DeletionSource;
  /** A key id (list, home), a rotation id (rotation), or a report button's value (report). */
  target: string;
  /** The conversation the button was in, for the answer; the Home has none. */
  channel?: string;
}

const ROTATION_ID = /^[0-9a-f-]{36}$/;

const metadataSchema = z
  .object({
    s: z.enum(['list', 'rotation', 'home', 'report']),
    t: z.string().max(300),
    c: z
      .string()
      .regex(/^[CGD][A-Z0-9]{2,30}$/)
      .optional(),
  })
  .strict()
  .refine((raw) => {
    if (raw.s === 'rotation') return ROTATION_ID.test(raw.t);
    if (raw.s === 'report') return parseReportButtonValue(raw.t) !== undefined;
    return KEY_ID.test(raw.t);
  });

export function decodeDeletionReasonMetadata(text: string | undefined): DeletionReasonMetadata | undefined {
  const parsed = decodeJson(metadataSchema, text);
  if (!parsed) return undefined;
  const { s, t, c } = parsed;
  return { source: s, target: t, ...(c ? { channel: c } : {}) };
}

/** The rule in words, under the reason's field. */
export function reasonRuleHint(pattern?: string): string {
  return pattern
    ? `The policy asks for a reason matching ${pattern}, for example one that starts with a ticket id like INC-123.`
    : 'The policy asks for a reason: approvers and the audit trail see it.';
}

/** What the field says when the reason given does not follow the rule; nothing is requested. */
export function reasonFieldError(pattern?: string): string {
  return pattern
    ? `The reason must match ${pattern}: for example, start with a ticket id like INC-123.`
    : 'Say why the key should be deleted.';
}

/**
 * Asked where the policy wants a person's reason for a deletion (`approvals.reason`): a button's
 * own reason ("requested from /keys list") would be refused, so the button asks for one instead.
 */
export function deletionReasonModal(metadata: DeletionReasonMetadata, pattern?: string): ModalView {
  return {
    type: 'modal',
    callback_id: DELETION_REASON_CALLBACK,
    private_metadata: JSON.stringify({
      s: metadata.source,
      t: metadata.target,
      ...(metadata.channel ? { c: metadata.channel } : {}),
    }),
    title: { type: 'plain_text', text: 'Request deletion' },
    submit: { type: 'plain_text', text: 'Request deletion' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: REASON_BLOCK,
        label: { type: 'plain_text', text: 'Why should the key be deleted?' },
        hint: { type: 'plain_text', text: reasonRuleHint(pattern) },
        element: {
          type: 'plain_text_input',
          action_id: REASON_ACTION,
          max_length: MAX_REASON_LENGTH,
        },
      },
    ],
  };
}
