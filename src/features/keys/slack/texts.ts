import type { KeysRefusal } from '../domain/refusals';
import { registerRefusalTexts, type RefusalTexts } from '../../../platform/slack/blocks/refusal-texts';

/** The words of the key commands' own refusals. Tests assert on these. */
export function deactivatedByAdminText(by: string, at: Date): string {
  // `system`: Keywarden itself, containing a key AWS reported exposed.
  const who = by === 'system' ? 'Keywarden (a leak AWS reported)' : `<@${by}>`;
  return (
    `This key was deactivated by ${who} on ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
    'so only an admin of Keywarden can activate it again. Nothing was changed.'
  );
}

export const KEYS_REFUSAL_TEXTS: RefusalTexts<KeysRefusal> = {
  'deactivated-by-admin': ({ by, at }) => deactivatedByAdminText(by, at),
};

registerRefusalTexts(KEYS_REFUSAL_TEXTS);
