import type { AnyRefusal } from '../../../kernel/outcome';
import { KERNEL_REFUSAL_TEXTS } from './texts';

/**
 * The words for every refusal of a union, by reason. A mapped type over the union, so a reason
 * without its sentence is a type error where the record is written.
 */
export type RefusalTexts<R extends AnyRefusal> = {
  readonly [Reason in R['reason']]: (refusal: Extract<R, { reason: Reason }>) => string;
};

type AnyText = (refusal: AnyRefusal) => string;

/**
 * Reason -> words. Each slice adds its record when its slack/texts.ts is loaded, so a listener
 * renders any refusal it is handed (its own, or one a lower slice passed on) without a switch
 * over every feature's reasons; the kernel's are here from the start.
 */
const registry = new Map<string, AnyText>();

/**
 * Adds a slice's sentences. A reason has one owner: a second, different sentence for it throws,
 * at start, rather than letting whichever slice loaded last decide what a person reads.
 */
export function registerRefusalTexts<R extends AnyRefusal>(texts: RefusalTexts<R>): void {
  for (const [reason, text] of Object.entries(texts) as [string, AnyText][]) {
    const known = registry.get(reason);
    if (known === text) continue;
    if (known)
      throw new Error(`the refusal '${reason}' has words in two places: each reason belongs to one slice`);
    registry.set(reason, text);
  }
}

/**
 * Any refusal of the domain, in the words of the slice it belongs to. A listener answering with one
 * says so to its request (`refusalReply` marks the Reply; see RequestContext.refused).
 */
export function refusalText<R extends AnyRefusal>(refusal: R): string {
  const text = registry.get(refusal.reason);
  // A bug, not a refusal: the slice that owns this reason never registered its words.
  if (!text)
    throw new Error(`no words for the refusal '${refusal.reason}': its slice's texts are not loaded`);
  return text(refusal);
}

/** The reasons that have words now: for the check that every slice registers its own. */
export function registeredRefusals(): string[] {
  return [...registry.keys()];
}

registerRefusalTexts(KERNEL_REFUSAL_TEXTS);
