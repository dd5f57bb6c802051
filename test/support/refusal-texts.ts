import type { AnyRefusal } from '../../src/kernel/outcome';
import { refusalText, type RefusalTexts } from '../../src/platform/slack/blocks/refusal-texts';

/**
 * One sample of every refusal of a union. A complete record, so a new reason without a sample is a
 * type error (npm run typecheck), and `expectEveryRefusalRenders` then proves it renders.
 */
export type RefusalSamples<R extends AnyRefusal> = {
  [Reason in R['reason']]: Extract<R, { reason: Reason }>;
};

/** Each sample through the registry (as a listener renders it), and through the slice's own record. */
export function expectEveryRefusalRenders<R extends AnyRefusal>(
  samples: RefusalSamples<R>,
  texts: RefusalTexts<R>,
): void {
  const all = Object.values(samples) as R[];

  it.each(all.map((refusal) => [refusal.reason, refusal] as const))(
    '%s: a short sentence for a person, with what it names',
    (_reason, refusal) => {
      const text = refusalText(refusal);
      expect(text.length).toBeGreaterThan(10);
      expect(text.length).toBeLessThan(600);
      expect(text).not.toMatch(/undefined|\[object|NaN/);
      for (const named of ['user', 'keyId', 'owner'] as const) {
        const value = (refusal as unknown as Record<string, unknown>)[named];
        if (typeof value === 'string') expect(text).toContain(value);
      }
    },
  );

  it('the registry says what the slice record says: no other slice took its reasons', () => {
    const own = texts as unknown as Record<string, (refusal: R) => string>;
    for (const refusal of all) expect(refusalText(refusal)).toBe(own[refusal.reason]!(refusal));
  });

  it('no two refusals read the same, so a person can tell them apart', () => {
    const texts = all.map((refusal) => refusalText(refusal));
    expect(new Set(texts).size).toBe(texts.length);
  });
}
