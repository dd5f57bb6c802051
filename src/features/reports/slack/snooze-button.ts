import { z } from 'zod';
import type { ReportedKey } from '../domain/stale-key-actions';
import { decodeJson } from '../../../platform/slack/json-value';
import { asKeyId, KEY_ID, type KeyId } from '../../../kernel/types';
import { parseReportButtonValue, reportButtonValue } from './report-button';

/**
 * The nudge's Snooze button: the report button's value (what the submission acts on, checked again
 * then), and the key id where the nudge knows it, only so the snooze modal can name the key.
 */
export function snoozeButtonValue(key: ReportedKey, keyId?: string): string {
  return keyId ? JSON.stringify({ v: reportButtonValue(key), k: keyId }) : reportButtonValue(key);
}

const withKeyId = z.object({ v: z.string().max(300), k: z.string().regex(KEY_ID) }).strict();

/** The key a Snooze button names; a plain report button's value (a nudge from before) too. */
export function parseSnoozeButtonValue(value: string): { key: ReportedKey; keyId?: KeyId } | undefined {
  const plain = parseReportButtonValue(value);
  if (plain) return { key: plain };
  if (value.length > 400) return undefined;
  const parsed = decodeJson(withKeyId, value);
  const key = parsed && parseReportButtonValue(parsed.v);
  const keyId = parsed && asKeyId(parsed.k);
  return key ? { key, ...(keyId ? { keyId } : {}) } : undefined;
}
