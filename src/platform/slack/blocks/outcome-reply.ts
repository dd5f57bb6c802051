import type { AnyRefusal, Outcome } from '../../../kernel/outcome';
import { plainReply, type Reply } from './primitives';
import { refusalText } from './refusal-texts';

/** Any refusal of the domain, as the person who asked sees it. */
export function refusalReply(refusal: AnyRefusal): Reply {
  return plainReply(refusalText(refusal));
}

/** A domain outcome as a reply: the builder for what was done, or the refusal's words. */
export function outcomeReply<T>(outcome: Outcome<T, AnyRefusal>, onDone: (value: T) => Reply): Reply {
  return outcome.ok ? onDone(outcome.value) : refusalReply(outcome.refusal);
}

/** A domain outcome as one line of text (a Home's notice, an answer beside a message). */
export function outcomeText<T>(outcome: Outcome<T, AnyRefusal>, onDone: (value: T) => string): string {
  return outcome.ok ? onDone(outcome.value) : refusalText(outcome.refusal);
}
