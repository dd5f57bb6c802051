import { escapeHtml } from './escape';

type Tone = 'green' | 'amber' | 'red' | 'grey' | 'plain';

/**
 * The shortcodes Keywarden's messages use, and a few a person might type. Most are drawn with symbols
 * that ordinary text fonts carry (coloured here), so the page reads the same on a machine without an
 * emoji font, as CI's Chromium is. Any other `:name:` stays as typed, as Slack shows an unknown emoji.
 */
const EMOJI: Record<string, [glyph: string, tone: Tone]> = {
  alarm_clock: ['◷', 'amber'],
  arrow_right: ['→', 'plain'],
  arrows_counterclockwise: ['↻', 'plain'],
  bell: ['🔔', 'amber'],
  cloud: ['☁', 'grey'],
  gear: ['⚙', 'grey'],
  heavy_check_mark: ['✔', 'green'],
  hourglass_flowing_sand: ['◔', 'amber'],
  information_source: ['ℹ', 'plain'],
  key: ['🔑', 'plain'],
  large_green_circle: ['●', 'green'],
  large_yellow_circle: ['●', 'amber'],
  leftwards_arrow_with_hook: ['↩', 'plain'],
  lock: ['🔒', 'plain'],
  no_entry: ['⊘', 'red'],
  no_entry_sign: ['⊘', 'red'],
  red_circle: ['●', 'red'],
  rotating_light: ['⚠', 'red'],
  star: ['★', 'amber'],
  tada: ['✦', 'green'],
  unlock: ['🔓', 'plain'],
  warning: ['⚠', 'amber'],
  wastebasket: ['🗑', 'grey'],
  white_check_mark: ['✔', 'green'],
  white_circle: ['○', 'grey'],
  x: ['✖', 'red'],
  zap: ['⚡', 'amber'],
  zzz: ['💤', 'grey'],
};

/** Safe on escaped HTML: a shortcode holds no character that escaping produces or that markup needs. */
export function replaceEmoji(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(EMOJI, name)) return whole;
    const [glyph, tone] = EMOJI[name] as [string, Tone];
    const label = escapeHtml(name.replace(/_/g, ' '));
    return `<span class="emoji emoji-${tone}" role="img" aria-label="${label}">${glyph}</span>`;
  });
}
