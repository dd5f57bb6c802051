import cronstrue from 'cronstrue';
import { inlineUserText } from './user-text';

/**
 * A report's cron schedule as people read it: "At 09:00, only on Monday (UTC)". cronstrue writes the
 * words (it knows every cron form croner takes); a schedule it cannot read is shown as it is written.
 */
export function scheduleInWords(cron: string, timezone: string): string {
  const zone = `(${inlineUserText(timezone, 64)})`;
  try {
    const words = cronstrue.toString(cron, { use24HourTimeFormat: true, verbose: false });
    return `${inlineUserText(words, 200)} ${zone}`;
  } catch {
    return `\`${inlineUserText(cron, 64)}\` ${zone}`;
  }
}
