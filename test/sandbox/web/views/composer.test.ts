import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceEmoji } from '../../../../sandbox/web/src/blockkit/emoji';
import { visibleAfterLoad } from '../../../../sandbox/web/src/views/ephemeral';
import { completeMention, mentionsToIds } from '../../../../sandbox/web/src/views/mentions';

const PEOPLE = [
  { id: 'U0ALICE', name: 'alice' },
  { id: 'U0ADMIN', name: 'ada' },
  { id: 'U0BOB', name: 'bob' },
];

describe('the composer: @name mentions (issue 26, item 14)', () => {
  it('sends @name as the <@U...> mention Slack would send, and leaves unknown names as typed', () => {
    expect(mentionsToIds('/keys list @bob', PEOPLE)).toBe('/keys list <@U0BOB>');
    expect(mentionsToIds('/keys list @Alice@prod', PEOPLE)).toBe('/keys list @Alice@prod');
    expect(mentionsToIds('/keys list @nobody', PEOPLE)).toBe('/keys list @nobody');
    expect(mentionsToIds('/keys list bob@prod', PEOPLE)).toBe('/keys list bob@prod');
  });

  it('completes the @word before the caret to the first name that starts so', () => {
    expect(completeMention('/keys list @a', 13, PEOPLE)).toEqual({ text: '/keys list @alice ', caret: 18 });
    expect(completeMention('/keys list @ad', 14, PEOPLE)).toEqual({ text: '/keys list @ada ', caret: 16 });
    expect(completeMention('/keys list @z', 13, PEOPLE)).toBeUndefined();
    expect(completeMention('/keys list bo', 13, PEOPLE)).toBeUndefined();
  });
});

describe('ephemeral messages on reload', () => {
  it('keeps ephemeral messages that came after the page opened, and every other message', () => {
    const opened = Date.parse('2026-12-07T09:00:00Z');
    const at = (ms: number) => (ms / 1000).toFixed(6);
    const messages = [
      { ts: at(opened - 5000), ephemeral: true },
      { ts: at(opened - 5000), ephemeral: false },
      { ts: at(opened + 1000), ephemeral: true },
    ];
    expect(visibleAfterLoad(messages, opened)).toEqual([messages[1], messages[2]]);
  });
});

describe('emoji: every shortcode the bot writes is drawn', () => {
  /** Not emoji: an ARN's `:iam:` and `:aws:`, EventBridge's `:events:`, a time's `:00:`, a block id's `:accounts:`. */
  const NOT_EMOJI = new Set(['iam', 'aws', 'events', '00', 'accounts']);

  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return entry.name.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
    });
  }

  it('has a glyph for each :name: in src/', () => {
    const used = new Set(
      sources(join(__dirname, '..', '..', '..', '..', 'src')).flatMap((text) =>
        [...text.matchAll(/:([a-z0-9_+-]+):/g)].map((match) => match[1] as string),
      ),
    );
    const missing = [...used].filter(
      (name) => !NOT_EMOJI.has(name) && replaceEmoji(`:${name}:`) === `:${name}:`,
    );
    expect(missing).toEqual([]);
    expect(replaceEmoji(':zzz:')).toContain('aria-label="zzz"');
  });
});
