import { KeywardenError } from './errors';
import type { KernelRefusal as Refusal } from './outcome';

/** A store that cannot be reached is a refusal ("nothing was changed"); anything else is rethrown. */
export function storeRefusal(error: unknown): Refusal {
  if (error instanceof KeywardenError && error.code === 'STORE_UNAVAILABLE')
    return { reason: 'store-unavailable' };
  throw error;
}
