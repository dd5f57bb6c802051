import type { Outcome, Refusal } from '../../../kernel/outcome';
import { plainReply, type Reply } from './primitives';
import { refusalText } from './texts';

/** Any refusal of the domain, as the person who asked sees it. */
export function refusalReply(refusal: Refusal): Reply {
  return plainReply(refusalText(refusal));
}

/** A domain outcome as a reply: the builder for what was done, or the refusal's words. */
export function outcomeReply<T>(outcome: Outcome<T>, onDone: (value: T) => Reply): Reply {
  return outcome.ok ? onDone(outcome.value) : refusalReply(outcome.refusal);
}
