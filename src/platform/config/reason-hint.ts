import RandExp from 'randexp';

/** Repetitions (`+`, `*`) stop here, so an example stays short enough to read. */
const MAX_REPEAT = 4;

/**
 * A fixed-seed generator (mulberry32): the same pattern gives the same example on every replica and
 * every start, so help and modals do not change from one restart to the next.
 */
function seeded(seed: number): (low: number, high: number) => number {
  let state = seed;
  return (low, high) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return low + Math.floor(unit * (high - low + 1));
  };
}

/**
 * The reason rule in words, where the policy gives a pattern but no `approvals.reason.hint`: people
 * are shown a reason the pattern accepts ("INC-4821"), never the regular expression itself, which
 * reads as noise to most of them. randexp writes the example; it is checked against the pattern, and
 * a pattern it cannot serve (lookarounds, back-references) gets a plain sentence instead.
 */
export function reasonHintFor(pattern: string): string {
  try {
    const example = new RandExp(pattern);
    example.max = MAX_REPEAT;
    example.randInt = seeded(0x6b657973);
    // Printable, unaccented letters and digits: an example of `.` should be one people can type.
    example.defaultRange.subtract(0, 47).subtract(58, 64).subtract(91, 96).subtract(123, 0x10ffff);
    const text = example.gen().trim();
    if (text !== '' && text.length <= 60 && new RegExp(pattern).test(text)) {
      return `The policy accepts a reason like “${text}”: start with what it asks for, then say why.`;
    }
  } catch {
    // Fall through to the plain sentence.
  }
  return 'The policy asks for a reason in a set form (for example a ticket id): ask an admin of Keywarden which.';
}
