import { KeywardenError, type ErrorCode } from '../../../src/kernel/errors';

/**
 * Failures on demand for a fake's methods: `faults.fail('createKey', iamError('IAM_UNAVAILABLE'))`
 * makes the next call throw, `times` calls in a row (Infinity: every call from now on), after
 * letting `skip` calls through first.
 */
export class Faults<M extends string> {
  private readonly queued = new Map<M, { error: unknown; remaining: number; skip: number }>();

  fail(method: M, error: unknown = storeUnavailable(), times = 1, skip = 0): void {
    if (times > 0) this.queued.set(method, { error, remaining: times, skip });
  }

  heal(method?: M): void {
    if (method) this.queued.delete(method);
    else this.queued.clear();
  }

  /** Called by the fake at the top of `method`: throws the queued error, if any. */
  check(method: M): void {
    const fault = this.queued.get(method);
    if (!fault) return;
    if (fault.skip > 0) {
      fault.skip -= 1;
      return;
    }
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.queued.delete(method);
    throw fault.error;
  }
}

/** As src/platform/aws/iam-errors.ts throws them: a KeywardenError with an IAM_* code. */
export function iamError(code: Extract<ErrorCode, `IAM_${string}`>): KeywardenError {
  return new KeywardenError(code, `IAM (fake): ${code}`);
}

/** As src/platform/store/store-errors.ts throws it for anything but a failed condition. */
export function storeUnavailable(): KeywardenError {
  return new KeywardenError('STORE_UNAVAILABLE', 'DynamoDB (fake): unavailable');
}

/**
 * Stored records are copies, as a table's items are: a caller's later edits never reach them.
 * Not structuredClone: under jest it returns objects of another realm, whose Dates fail `instanceof`.
 */
export function copy<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(copy) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, copy(field)])) as T;
  }
  return value;
}
