import type { z } from 'zod';

/**
 * A value Keywarden wrote into a button or a modal's private_metadata, read back: JSON that the
 * schema accepts, or undefined. Such text comes back from Slack, so it is checked like any input.
 */
export function decodeJson<T>(schema: z.ZodType<T>, text: string | undefined): T | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
