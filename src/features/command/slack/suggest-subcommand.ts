import { closest, distance } from 'fastest-levenshtein';

/** Two edits cover a swapped pair (`lsit`), a missing letter (`aprovals`) and a slip of the finger. */
const MAX_EDITS = 2;

/**
 * The subcommand a mistyped word most likely meant, for "did you mean `list`?". Nothing is run on a
 * guess: the person types the command again. A word far from every subcommand gets no suggestion.
 */
export function suggestSubcommand(word: string, subcommands: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  // Short words are close to everything ("ls" is two edits from "list" and from "stale").
  if (lower.length < 3 || subcommands.length === 0) return undefined;
  const best = closest(lower, [...subcommands]);
  return distance(lower, best) <= MAX_EDITS ? best : undefined;
}
