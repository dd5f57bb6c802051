import { MAX_REASON_LENGTH, showForbiddenCharacters, userTextProblem } from '../../src/kernel/user-text';

describe('userTextProblem: the one rule for text people type', () => {
  it.each([
    ['a right-to-left override', 'INC-7 \u202Eexe.dat'],
    ['a left-to-right isolate', 'INC-7 \u2066x\u2069'],
    ['the Arabic letter mark (bidi)', 'INC-7 \u061C'],
    ['a zero-width space', 'INC\u200B-7'],
    ['a zero-width joiner', 'a\u200Db'],
    ['a word joiner', 'a\u2060b'],
    ['a soft hyphen', 'de\u00ADlete'],
    ['a byte-order mark at the end (trim() would drop it)', 'INC-7\uFEFF'],
    ['a line separator at the start (trim() would drop it)', '\u2028INC-7'],
    ['a paragraph separator', 'a\u2029b'],
    ['a tag character', 'a\u{E0041}b'],
    ['a NUL', 'a\u0000b'],
    ['an escape sequence', '\u001b[31mred'],
    ['a C1 control (NEL)', 'a\u0085b'],
    ['DEL', 'a\u007Fb'],
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone low surrogate', 'a\uDC00'],
  ])('refuses %s', (_name, text) => {
    expect(userTextProblem(text, MAX_REASON_LENGTH)).toBe('control-characters');
  });

  it.each([
    ['plain words', 'INC-42 leaked in CI logs'],
    ['lines and tabs, as a multi-line input gives them', 'first line\r\nsecond\tline\n'],
    ['markup characters (made inert when shown, not refused)', '*bold* <http://x|y> `code` > quote'],
    ['other scripts and a right-to-left language', 'Schlüssel 鍵 مفتاح ключ'],
    ['emoji, with a variation selector and a skin tone', 'ok ✔️ 👍🏽 🔑'],
    ['a no-break and an ideographic space', 'a\u00A0b\u3000c'],
  ])('accepts %s', (_name, text) => {
    expect(userTextProblem(text, MAX_REASON_LENGTH)).toBeUndefined();
  });

  it('counts the trimmed text against the limit, in UTF-16 units', () => {
    expect(userTextProblem('x'.repeat(MAX_REASON_LENGTH), MAX_REASON_LENGTH)).toBeUndefined();
    expect(userTextProblem(`  ${'x'.repeat(MAX_REASON_LENGTH)}\n`, MAX_REASON_LENGTH)).toBeUndefined();
    expect(userTextProblem('x'.repeat(MAX_REASON_LENGTH + 1), MAX_REASON_LENGTH)).toBe('too-long');
    expect(userTextProblem('🔑'.repeat(MAX_REASON_LENGTH / 2 + 1), MAX_REASON_LENGTH)).toBe('too-long');
    expect(userTextProblem('x'.repeat(100_000), MAX_REASON_LENGTH)).toBe('too-long');
  });
});

describe('showForbiddenCharacters: stored text, for export', () => {
  it('writes each refused character as its code point and leaves the rest', () => {
    expect(showForbiddenCharacters('INC-1 \u202Eexe.tad\u202C\u0007 ok\u{E0041}\uD800')).toBe(
      'INC-1 [U+202E]exe.tad[U+202C][U+0007] ok[U+E0041][U+D800]',
    );
    expect(showForbiddenCharacters('line\r\nnext\ttab 👍🏽')).toBe('line\r\nnext\ttab 👍🏽');
  });
});
