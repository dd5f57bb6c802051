import type { SectionBlock } from '@slack/types';
import { LIMITS, section } from './primitives';

/**
 * Lines packed into as few sections as hold them whole: one section takes 3000 characters, and a
 * list cut there would drop its last lines without a word. A line is never split across sections.
 */
export function lineSections(lines: string[]): SectionBlock[] {
  const sections: SectionBlock[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > LIMITS.sectionText) {
      sections.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) sections.push(section(current));
  return sections;
}
