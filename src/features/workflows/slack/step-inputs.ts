import type { FunctionExecutedEvent } from '@slack/types';
import { asKeyId, type KeyId } from '../../../kernel/types';
import { KEY_ID_INPUT, REASON_INPUT } from './step-ids';
import { STEP_NEEDS_KEY_ID, STEP_NEEDS_REASON } from './texts';

/** A reason longer than this is cut: it goes into an approval message and the audit trail. */
const MAX_REASON = 500;

export type StepInputs = { ok: true; keyId: KeyId; reason: string } | { ok: false; error: string };

/**
 * The inputs a workflow supplies, checked as a command's text is: a well-formed key id before anything
 * reaches IAM, a reason where the step needs one. The person is not among them: the request middleware
 * takes them from the `requester` user_context only.
 */
export function stepInputs(inputs: FunctionExecutedEvent['inputs'], wants: { reason: boolean }): StepInputs {
  const keyText = inputs[KEY_ID_INPUT];
  const keyId = typeof keyText === 'string' ? asKeyId(keyText.trim()) : undefined;
  if (!keyId) return { ok: false, error: STEP_NEEDS_KEY_ID };
  const reasonText = inputs[REASON_INPUT];
  const reason = typeof reasonText === 'string' ? reasonText.trim().slice(0, MAX_REASON) : '';
  if (wants.reason && reason === '') return { ok: false, error: STEP_NEEDS_REASON };
  return { ok: true, keyId, reason };
}
