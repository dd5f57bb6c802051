import { MAX_SNOOZE_DAYS, MAX_SNOOZE_REASON } from '../domain/snooze';
import type { SnoozeAsk } from '../domain/key-snoozes';
import {
  SNOOZE_PERIOD_ACTION,
  SNOOZE_PERIOD_BLOCK,
  SNOOZE_REASON_ACTION,
  SNOOZE_REASON_BLOCK,
} from './snooze-modal';
import { userTextInputError } from '../../../platform/slack/user-text-input';

export const SNOOZE_REASON_MISSING = 'Say why this key can wait.';
export const SNOOZE_PERIOD_INVALID = `A whole number of days, from 1 to ${MAX_SNOOZE_DAYS}.`;
export const SNOOZE_PERIOD_TOO_LONG = `A snooze lasts at most ${MAX_SNOOZE_DAYS} days.`;

/** The form's values, or the error to show under each input (Slack's `response_action: 'errors'`). */
export type SnoozeSubmission = { ok: true; ask: SnoozeAsk } | { ok: false; errors: Record<string, string> };

/** `view.state.values` as Slack sends it; nothing in it is trusted. */
export function parseSnoozeSubmission(values: unknown): SnoozeSubmission {
  const typed = inputValue(values, SNOOZE_REASON_BLOCK, SNOOZE_REASON_ACTION) ?? '';
  const reason = typed.trim();
  const daysText = inputValue(values, SNOOZE_PERIOD_BLOCK, SNOOZE_PERIOD_ACTION)?.trim() ?? '';
  const errors: Record<string, string> = {};
  const reasonError = reason === '' ? SNOOZE_REASON_MISSING : userTextInputError(typed, MAX_SNOOZE_REASON);
  if (reasonError) errors[SNOOZE_REASON_BLOCK] = reasonError;
  const days = /^\d{1,4}$/.test(daysText) ? Number(daysText) : NaN;
  if (Number.isNaN(days) || days < 1) errors[SNOOZE_PERIOD_BLOCK] = SNOOZE_PERIOD_INVALID;
  else if (days > MAX_SNOOZE_DAYS) errors[SNOOZE_PERIOD_BLOCK] = SNOOZE_PERIOD_TOO_LONG;
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, ask: { days, reason } };
}

/** A text or number input's value, or a select's chosen option's value. */
function inputValue(values: unknown, blockId: string, actionId: string): string | undefined {
  const block = isRecord(values) ? values[blockId] : undefined;
  const action = isRecord(block) ? block[actionId] : undefined;
  if (!isRecord(action)) return undefined;
  if (typeof action.value === 'string') return action.value;
  const option = action.selected_option;
  return isRecord(option) && typeof option.value === 'string' ? option.value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
