import type { KernelRefusal, Outcome as AnyOutcome } from '../../../kernel/outcome';

/** The organization slice refuses only as every slice does (not-allowed). */
export type Outcome<T> = AnyOutcome<T, KernelRefusal>;
