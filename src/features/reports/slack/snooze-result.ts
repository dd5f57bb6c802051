import type { Snooze } from '../domain/snooze';
import { code, formatDate, formatDateTime } from '../../../platform/slack/blocks/format';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';

/** The answer in the person's DM once their snooze is stored. */
export function snoozedText(snooze: Snooze): string {
  return (
    `:zzz: Snoozed until ${formatDate(snooze.until)}: the key of ${code(snooze.key.owner)} in *${inlineUserText(snooze.key.account)}* ` +
    `created ${formatDateTime(snooze.key.createdAt)} leaves your nudges until then. Reason: ${inlineUserText(snooze.reason, 500)}`
  );
}
