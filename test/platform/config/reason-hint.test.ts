import { reasonHintFor } from '../../../src/platform/config/reason-hint';

/** The example inside the hint's quotes. */
const exampleIn = (hint: string) => /“(.*)”/.exec(hint)?.[1];

describe('reasonHintFor: the reason rule in words', () => {
  it.each(['^(INC|CHG)-[0-9]+', '^INC-\\d{3,6}\\b', 'JIRA-\\d+', '^[A-Z]{2,5}-\\d+ .{10,}', '^.+$'])(
    '%s: an example the pattern accepts, never the pattern itself',
    (pattern) => {
      const hint = reasonHintFor(pattern);
      const example = exampleIn(hint);
      expect(example).toBeDefined();
      expect(new RegExp(pattern).test(example as string)).toBe(true);
      expect(hint).not.toContain(pattern);
      expect(example).toMatch(/^[\x20-\x7e]+$/);
    },
  );

  it('is the same example on every start (replicas and restarts agree)', () => {
    expect(reasonHintFor('^(INC|CHG)-[0-9]+')).toBe(reasonHintFor('^(INC|CHG)-[0-9]+'));
  });

  it('a pattern randexp cannot serve (a lookbehind) gets a plain sentence, no regex', () => {
    const hint = reasonHintFor('(?<=x)y');
    expect(exampleIn(hint)).toBeUndefined();
    expect(hint).not.toContain('(?<=');
  });
});
