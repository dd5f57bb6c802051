import type { AnyRefusal, Outcome } from '../../../kernel/outcome';
import { plainReply, type Reply } from './primitives';
import { refusalText } from './refusal-texts';

/** Any refusal of the domain, as the person who asked sees it, marked as one for the request's count. */
export function refusalReply<R extends AnyRefusal>(refusal: R): Reply {
  return { ...plainReply(refusalText(refusal)), refused: true };
}

/** A domain outcome as a reply: the builder for what was done, or the refusal's words. */
export function outcomeReply<T>(outcome: Outcome<T, AnyRefusal>, onDone: (value: T) => Reply): Reply {
  return outcome.ok ? onDone(outcome.value) : refusalReply(outcome.refusal);
}

/** A domain outcome as one line (a Home's notice, an answer beside a message), still marked when refused. */
export function outcomeNotice<T>(outcome: Outcome<T, AnyRefusal>, onDone: (value: T) => string): Reply {
  return outcome.ok ? plainReply(onDone(outcome.value)) : refusalReply(outcome.refusal);
}
