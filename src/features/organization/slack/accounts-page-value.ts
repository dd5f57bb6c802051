import { z } from 'zod';
import { asPagePosition, MAX_POSITION_LENGTH, type PagePosition } from '../../../kernel/page';
import { decodeJson } from '../../../platform/slack/json-value';

const VERSION = 1;
const value = z.strictObject({
  v: z.literal(VERSION),
  p: z
    .string()
    .max(MAX_POSITION_LENGTH)
    .refine((text) => asPagePosition(text) !== undefined, 'not a page position'),
});

/** What a Next / Previous under `/keys accounts` carries: where the page starts, nothing else. */
export function encodeAccountsPage(at: PagePosition): string {
  return JSON.stringify({ v: VERSION, p: at });
}

/** Untrusted (it comes back in a click): a well-formed position or undefined. */
export function decodeAccountsPage(text: string): PagePosition | undefined {
  return decodeJson(value, text)?.p as PagePosition | undefined;
}
